using FeedAggregator.Parsing;

namespace FeedAggregator.Normalising;

/// <summary>
/// Makes a parsed feed safe to republish, in place: every HTML or XHTML text construct and content goes through the
/// allow-list sanitiser with its own base URI, so what leaves here carries no script and only absolute URLs.
/// Plain-text constructs are left as they are: they are escaped wherever they are written.
/// </summary>
public static class FeedNormaliser
{
    public static ParsedFeed Normalise(ParsedFeed feed, Uri? documentUri)
    {
        Clean(feed.Feed, documentUri);
        foreach (var item in feed.Items)
        {
            item.Title = Clean(item.Title, documentUri);
            item.Summary = Clean(item.Summary, documentUri);
            item.Rights = Clean(item.Rights, documentUri);
            if (item.Content.Count > 0)
            {
                var contents = (List<ItemContent>)item.Content;
                for (var i = 0; i < contents.Count; i++)
                {
                    var content = contents[i];
                    if (IsMarkup(content.Type))
                    {
                        contents[i] = content with { Value = HtmlSanitizer.Sanitize(content.Value, BaseOf(content.Base, documentUri)) };
                    }
                }
            }

            if (item.Source is { } source)
            {
                Clean(source, documentUri);
            }
        }

        return feed;
    }

    private static void Clean(FeedMetadata meta, Uri? documentUri)
    {
        meta.Title = Clean(meta.Title, documentUri);
        meta.Subtitle = Clean(meta.Subtitle, documentUri);
        meta.Rights = Clean(meta.Rights, documentUri);
    }

    private static TextValue? Clean(TextValue? text, Uri? documentUri) =>
        text is not null && IsMarkup(text.Type)
            ? text with { Value = HtmlSanitizer.Sanitize(text.Value, BaseOf(text.Base, documentUri)) }
            : text;

    private static bool IsMarkup(string type) => type is TextValue.Html or TextValue.Xhtml;

    private static Uri? BaseOf(string? declared, Uri? documentUri) =>
        declared is not null && Uri.TryCreate(declared, UriKind.Absolute, out var uri) ? uri : documentUri;

    /// <summary>Plain text of a text construct: markup dropped and entities decoded for HTML, white space folded for text.</summary>
    public static string Plain(TextConstruct? text) =>
        text is null ? "" : IsMarkup(text.Type) ? PlainText.From(text.Value) : PlainText.Fold(text.Value);
}
