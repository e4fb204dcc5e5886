namespace FeedAggregator.Storage;

/// <summary>
/// The schema as an ordered list of steps; <c>PRAGMA user_version</c> records how many have run.
/// Steps are only ever appended: a released step is never edited. docs/store.md describes the result.
/// </summary>
internal static class Migrations
{
    public static readonly string[] Steps =
    [
        // 1: feeds and their health, items unique per (feed, identity), topic membership.
        """
        CREATE TABLE feeds (
            id                   TEXT PRIMARY KEY,
            url                  TEXT NOT NULL,
            title                TEXT,
            last_poll_at         TEXT,
            last_success_at      TEXT,
            last_http_status     INTEGER,
            last_error_class     TEXT,
            last_error           TEXT,
            consecutive_failures INTEGER NOT NULL DEFAULT 0,
            items_added_last     INTEGER NOT NULL DEFAULT 0,
            next_poll_at         TEXT
        ) STRICT;

        CREATE TABLE items (
            id            INTEGER PRIMARY KEY,
            uid           TEXT NOT NULL UNIQUE,
            feed_id       TEXT NOT NULL,
            identity      TEXT NOT NULL,
            link          TEXT,
            title         TEXT NOT NULL,
            summary       TEXT NOT NULL,
            author        TEXT,
            categories    TEXT NOT NULL DEFAULT '[]',
            language      TEXT,
            published_at  TEXT,
            updated_at    TEXT,
            first_seen_at TEXT NOT NULL,
            sort_at       TEXT NOT NULL,
            content_hash  TEXT NOT NULL,
            UNIQUE (feed_id, identity)
        ) STRICT;

        CREATE INDEX items_by_feed ON items (feed_id, sort_at DESC);

        CREATE TABLE topic_items (
            topic_id   TEXT NOT NULL,
            item_id    INTEGER NOT NULL REFERENCES items (id) ON DELETE CASCADE,
            sort_at    TEXT NOT NULL,
            matched_at TEXT NOT NULL,
            PRIMARY KEY (topic_id, item_id)
        ) STRICT, WITHOUT ROWID;

        CREATE INDEX topic_items_newest ON topic_items (topic_id, sort_at DESC, item_id DESC);

        CREATE TABLE topics (
            id           TEXT PRIMARY KEY,
            query        TEXT NOT NULL,
            evaluated_at TEXT NOT NULL
        ) STRICT;
        """,

        // 2: the whole normalised item as JSON (docs/parser.md), beside the columns used for matching and listing.
        """
        ALTER TABLE items ADD COLUMN data TEXT NOT NULL DEFAULT '{}';
        """,

        // 3: what one poll carries to the next (conditional GET validators, body hash, ttl, redirects) and the feed's state.
        """
        ALTER TABLE feeds ADD COLUMN state TEXT NOT NULL DEFAULT 'pending';
        ALTER TABLE feeds ADD COLUMN last_result TEXT;
        ALTER TABLE feeds ADD COLUMN etag TEXT;
        ALTER TABLE feeds ADD COLUMN last_modified TEXT;
        ALTER TABLE feeds ADD COLUMN body_hash TEXT;
        ALTER TABLE feeds ADD COLUMN ttl_minutes INTEGER;
        ALTER TABLE feeds ADD COLUMN effective_url TEXT;
        ALTER TABLE feeds ADD COLUMN moved_from TEXT;
        ALTER TABLE feeds ADD COLUMN redirect_target TEXT;
        ALTER TABLE feeds ADD COLUMN redirect_polls INTEGER NOT NULL DEFAULT 0;
        UPDATE feeds SET state = CASE WHEN last_error_class IS NULL THEN 'ok' ELSE 'failing' END WHERE last_poll_at IS NOT NULL;
        """,

        // 4: why an item is in a topic (docs/topics.md, "Explain"), and each topic's whole definition, whose change
        // starts a re-evaluation (the query alone no longer decides membership).
        """
        ALTER TABLE topic_items ADD COLUMN explanation TEXT;
        ALTER TABLE topics ADD COLUMN definition TEXT;
        CREATE INDEX topic_items_item ON topic_items (item_id);
        """,

        // 5: each topic's version and newest change, for topic feeds' ETag and updated date (never "now"); each item's
        // link without tracking parameters, so that a story several feeds carry appears once in a topic feed. Rows
        // stored before this step keep their link as it was.
        """
        CREATE TABLE topic_versions (
            topic_id   TEXT PRIMARY KEY,
            version    INTEGER NOT NULL,
            changed_at TEXT NOT NULL
        ) STRICT;
        INSERT INTO topic_versions (topic_id, version, changed_at)
            SELECT topic_id, 1, max(matched_at) FROM topic_items GROUP BY topic_id;
        ALTER TABLE items ADD COLUMN canonical_link TEXT;
        UPDATE items SET canonical_link = link;
        CREATE INDEX items_canonical ON items (canonical_link) WHERE canonical_link IS NOT NULL;
        """,

        // 6: full-text search over each item's plain title, summary and content (docs/store.md, "Search"). Contentless, so
        // the text is not stored twice; contentless_delete=1 (SQLite 3.43+) lets a row be deleted or replaced by rowid
        // alone, without the old text, which for the content lives only inside the item's JSON. Rows stored before this
        // step are indexed here, their content read from their JSON by item_search_content (item_search_text folds as
        // SearchIndex does), both registered by Database on the connection that migrates. The index on sort_at serves the newest-first listing and retention.
        """
        CREATE VIRTUAL TABLE items_fts USING fts5 (
            title, summary, content,
            content = '', contentless_delete = 1,
            tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO items_fts (rowid, title, summary, content)
            SELECT id, item_search_text(title), item_search_text(summary), item_search_content(data, summary) FROM items;
        CREATE INDEX items_newest ON items (sort_at DESC, id DESC);
        """,

        // 7: the change feed (docs/store.md, "Changes"): one row per item added, updated or removed and per topic joined
        // or left, written in the transaction of the change itself. AUTOINCREMENT so that a sequence number is never
        // reused, even after the newest rows were pruned. No foreign key: a removed item's changes outlive it.
        """
        CREATE TABLE changes (
            seq      INTEGER PRIMARY KEY AUTOINCREMENT,
            kind     TEXT NOT NULL,
            item_id  INTEGER NOT NULL,
            item_uid TEXT NOT NULL,
            topic_id TEXT,
            feed_id  TEXT NOT NULL,
            at       TEXT NOT NULL
        ) STRICT;
        CREATE INDEX changes_at ON changes (at);
        """,

        // 8: the views other programs read (docs/store.md): the contract, while the tables beneath may change.
        """
        CREATE VIEW v_items AS
            SELECT uid, feed_id, link, canonical_link, title, summary, author, categories, language,
                   published_at, updated_at, first_seen_at, sort_at, data
            FROM items;
        CREATE VIEW v_topic_items AS
            SELECT t.topic_id, i.uid AS item_uid, t.sort_at, t.matched_at, t.explanation
            FROM topic_items t JOIN items i ON i.id = t.item_id;
        CREATE VIEW v_feeds AS
            SELECT id AS feed_id, url, title, state, last_poll_at, last_success_at, last_http_status, last_error_class,
                   last_error AS last_error_message, consecutive_failures, next_poll_at
            FROM feeds;
        CREATE VIEW v_changes AS
            SELECT seq, kind, item_uid, topic_id, feed_id, at FROM changes;
        """,

        // 9: each webhook endpoint's position in the change feed and the batch it is trying to deliver, so that retries
        // and their schedule survive a restart (docs/webhooks.md). The batch's body is kept so that a redelivery sends
        // the same bytes under the same idempotency key, whatever became of the items since.
        """
        CREATE TABLE webhook_deliveries (
            endpoint           TEXT PRIMARY KEY,
            last_delivered_seq INTEGER NOT NULL,
            last_delivered_at  TEXT,
            pending_seq        INTEGER,
            pending_last_seq   INTEGER,
            pending_body       TEXT,
            attempts           INTEGER NOT NULL DEFAULT 0,
            next_attempt_at    TEXT,
            last_attempt_at    TEXT,
            last_status        INTEGER,
            last_error         TEXT,
            failed_seq         INTEGER,
            failed_last_seq    INTEGER,
            failed_at          TEXT,
            failed_error       TEXT,
            updated_at         TEXT NOT NULL
        ) STRICT;
        """,
    ];
}
