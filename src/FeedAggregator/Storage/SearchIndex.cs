using FeedAggregator.Normalising;
using FeedAggregator.Topics;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Storage;

/// <summary>
/// Keeps <c>items_fts</c> (the full-text index, rowid = <c>items.id</c>) in step with <c>items</c>, inside the caller's
/// write transaction so that the index never shows an item the store does not have, nor misses one it does.
/// </summary>
internal sealed class SearchIndex
{
    private readonly SqliteCommand insert;
    private readonly SqliteCommand delete;

    public SearchIndex(SqliteConnection connection, SqliteTransaction transaction)
    {
        insert = Sql.Kept(connection, transaction,
            "INSERT INTO items_fts (rowid, title, summary, content) VALUES ($id, $title, $summary, $content)");
        delete = Sql.Kept(connection, transaction, "DELETE FROM items_fts WHERE rowid = $id");
    }

    public void Add(long id, SearchText text) =>
        insert.With("$id", id).With("$title", text.Title).With("$summary", text.Summary).With("$content", text.Content).ExecuteNonQuery();

    /// <summary>
    /// A contentless table cannot update a row in place from part of its text, so an edited item's row is replaced
    /// whole; contentless_delete=1 is what lets the old row go by rowid alone.
    /// </summary>
    public void Replace(long id, SearchText text)
    {
        Remove(id);
        Add(id, text);
    }

    public void Remove(long id) => delete.With("$id", id).ExecuteNonQuery();

    /// <summary>
    /// The content column holds the content only when it differs from the summary: an item without a separate summary
    /// has its content as summary, and indexing it twice would count its words twice in the ranking.
    /// </summary>
    public static string Content(string content, string summary) => content == summary ? "" : content;

    /// <summary>
    /// The one fold the tokenizer lacks: unicode61's remove_diacritics covers Latin letters only, and Russian text writes
    /// "ё" as "е" as often as not. Applied alike to indexed text and to queries (no FTS5 syntax character is touched).
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Fold(string? text) => text?.Replace('ё', 'е').Replace('Ё', 'Е');

    /// <summary>What migration 6 needs to index rows stored before it: their content is only inside their JSON.</summary>
    public static void RegisterMigrationFunctions(SqliteConnection connection)
    {
        connection.CreateFunction("item_search_text", (string text) => Fold(text), isDeterministic: true);
        connection.CreateFunction("item_search_content", (string data, string summary) =>
            Fold(Content(TopicReevaluation.ContentOf(data) ?? "", summary)), isDeterministic: true);
    }

}

/// <summary>An item's three columns of <c>items_fts</c>, folded as <see cref="SearchIndex.Fold"/> folds them.</summary>
internal sealed record SearchText(string Title, string Summary, string Content)
{
    public static SearchText Of(NormalisedItem item) =>
        new(SearchIndex.Fold(item.Title), SearchIndex.Fold(item.Summary), SearchIndex.Fold(SearchIndex.Content(item.Content, item.Summary)));
}
