using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>Per-document state the format parsers share: name and namespace lookups, and the document's own URI.</summary>
internal sealed class ParseContext
{
    private ParseContext(Uri? documentUri, ReaderCache cache)
    {
        DocumentUri = documentUri;
        Names = cache.Names;
        Namespaces = cache.Namespaces;
    }

    public Uri? DocumentUri { get; }

    public ElementNames Names { get; }

    public XmlNames.Classifier Namespaces { get; }

    public static ParseContext For(Uri? documentUri, XmlReader reader) => new(documentUri, ReaderCache.Current(reader.NameTable));

    /// <summary>
    /// Reader settings whose name table is kept per thread: element and namespace names are then atomised once, not per
    /// document, and looked up by reference. Renewed now and then so that hostile documents' made-up names cannot pile up.
    /// </summary>
    public static XmlReaderSettings Settings(long maxCharacters) => ReaderCache.Next().Settings(maxCharacters);

    private sealed class ReaderCache
    {
        private const int DocumentsPerCache = 1000;

        [ThreadStatic]
        private static ReaderCache? current;

        private readonly NameTable nameTable = new();
        private int documents;

        public ElementNames Names { get; } = new();

        public XmlNames.Classifier Namespaces { get; } = new();

        public static ReaderCache Next()
        {
            if (current is null || ++current.documents > DocumentsPerCache)
            {
                current = new ReaderCache();
            }

            return current;
        }

        public static ReaderCache Current(XmlNameTable table) =>
            current is not null && ReferenceEquals(current.nameTable, table) ? current : new ReaderCache();

        private XmlReaderSettings? settings;

        /// <summary>The reader settings, made once per cache and size limit: readers only read them.</summary>
        public XmlReaderSettings Settings(long maxCharacters)
        {
            if (settings is null || settings.MaxCharactersInDocument != maxCharacters)
            {
                settings = SafeXml.Settings(maxCharacters);
                settings.NameTable = nameTable;
            }

            return settings;
        }
    }
}
