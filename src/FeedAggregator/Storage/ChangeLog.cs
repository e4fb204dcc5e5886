using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>The kinds of row in the change feed (docs/store.md, "Changes").</summary>
public static class ChangeKinds
{
    public const string ItemAdded = "item.added";
    public const string ItemUpdated = "item.updated";
    public const string ItemRemoved = "item.removed";
    public const string TopicJoined = "topic.joined";
    public const string TopicLeft = "topic.left";
}

/// <summary>
/// Writes rows of <c>changes</c> inside the caller's write transaction, so a change is in the feed exactly when it is in
/// the store. Given only the item's id, its uid and feed are read from <c>items</c>: a removal must be recorded before
/// the row goes. A caller that has them at hand (ingest) gives them, and the row is a plain insert.
/// </summary>
internal sealed class ChangeLog(SqliteConnection connection, SqliteTransaction transaction, string at)
{
    public void Record(string kind, long itemId, string? topicId = null) =>
        Sql.Kept(connection, transaction, """
            INSERT INTO changes (kind, item_id, item_uid, topic_id, feed_id, at)
            SELECT $kind, id, uid, $topic, feed_id, $at FROM items WHERE id = $id
            """).With("$kind", kind).With("$id", itemId).With("$topic", topicId).With("$at", at).ExecuteNonQuery();

    public void Record(string kind, long itemId, string itemUid, string feedId, string? topicId = null) =>
        Sql.Kept(connection, transaction, """
            INSERT INTO changes (kind, item_id, item_uid, topic_id, feed_id, at) VALUES ($kind, $id, $uid, $topic, $feed, $at)
            """).With("$kind", kind).With("$id", itemId).With("$uid", itemUid).With("$topic", topicId).With("$feed", feedId)
            .With("$at", at).ExecuteNonQuery();

    /// <summary>Every item of a topic that is about to be dropped leaves it.</summary>
    public void TopicDropped(string topicId) =>
        Sql.Kept(connection, transaction, """
            INSERT INTO changes (kind, item_id, item_uid, topic_id, feed_id, at)
            SELECT $kind, i.id, i.uid, t.topic_id, i.feed_id, $at
            FROM topic_items t JOIN items i ON i.id = t.item_id
            WHERE t.topic_id = $topic
            ORDER BY i.id
            """).With("$kind", ChangeKinds.TopicLeft).With("$topic", topicId).With("$at", at).ExecuteNonQuery();
}

/// <summary>One row of the change feed. <see cref="TopicId"/> is set for <c>topic.joined</c> and <c>topic.left</c> only.</summary>
public sealed record StoreChange(long Seq, string Kind, string ItemUid, string FeedId, string? TopicId, DateTimeOffset At);

/// <summary>
/// Changes after a sequence number, oldest first. <see cref="More"/>: further changes exist beyond this page.
/// <see cref="Expired"/>: some changes after the asked position were already pruned by retention, so a consumer that
/// stopped there has missed them and should read the current state again (docs/store.md, "Changes").
/// </summary>
public sealed record ChangesPage(IReadOnlyList<StoreChange> Changes, bool More, bool Expired);
