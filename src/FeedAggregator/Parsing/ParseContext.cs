namespace FeedAggregator.Parsing;

/// <summary>Per-document state the format parsers share: name and namespace lookups, and the document's own URI.</summary>
internal sealed class ParseContext(Uri? documentUri)
{
    public Uri? DocumentUri { get; } = documentUri;

    public ElementNames Names { get; } = new();

    public XmlNames.Classifier Namespaces { get; } = new();
}
