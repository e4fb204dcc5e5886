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
    ];
}
