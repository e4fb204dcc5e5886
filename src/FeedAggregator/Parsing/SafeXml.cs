using System.Text;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// XmlReader settings and reading helpers shared by the XML formats.
/// DTDs are ignored, never processed, and nothing external is ever resolved (no XXE, no entity expansion).
/// </summary>
internal static class SafeXml
{
    public const int MaxDepth = 64;

    private const int MaxKeptBuffer = 64 * 1024;

    /// <summary>Where <see cref="ReadFeedText"/> gathers a text on its way to UTF-8; one per thread, reused.</summary>
    [ThreadStatic]
    private static char[]? textBuffer;

    public static XmlReaderSettings Settings(long maxCharacters) => new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        MaxCharactersFromEntities = 1024,
        MaxCharactersInDocument = maxCharacters,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CheckCharacters = false,
        CloseInput = false,
    };

    /// <summary>
    /// Reads the content of the current element and moves past its end: its text, or, when it holds elements
    /// (HTML written straight into a description), its markup.
    /// </summary>
    public static string ReadText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return "";
        }

        var depth = reader.Depth;
        reader.Read();
        if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace)
        {
            var first = reader.Value;
            reader.Read();
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
            {
                reader.Read();
                return Trim(first);
            }

            return Collect(reader, depth, new StringBuilder(first));
        }

        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
        {
            reader.Read();
            return "";
        }

        return Collect(reader, depth, new StringBuilder());
    }

    /// <summary>
    /// <see cref="ReadText"/> for text constructs, which are most of a feed's bytes: the common single text or CDATA node is
    /// copied straight into UTF-8 (from the document itself on <see cref="Utf8XmlReader"/>, else through a reused buffer),
    /// so no string is made for it.
    /// </summary>
    public static FeedText ReadFeedText(XmlReader reader)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return FeedText.Empty;
        }

        var depth = reader.Depth;
        reader.Read();
        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
        {
            reader.Read();
            return FeedText.Empty;
        }

        if (reader.NodeType is not (XmlNodeType.Text or XmlNodeType.CDATA))
        {
            return FeedText.Of(Collect(reader, depth, new StringBuilder()));
        }

        return reader switch
        {
            Utf8XmlReader utf8 => SingleNode(utf8, depth),
            { CanReadValueChunk: true } => SingleNode(reader, depth),
            _ => FeedText.Of(Collect(reader, depth, new StringBuilder())),
        };
    }

    /// <summary>A text node read in chunks through a reused buffer, then narrowed to UTF-8.</summary>
    private static FeedText SingleNode(XmlReader reader, int depth)
    {
        var buffer = textBuffer ??= new char[4096];
        var length = 0;
        int read;
        while ((read = reader.ReadValueChunk(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (buffer.Length - length < 2)
            {
                Array.Resize(ref buffer, buffer.Length * 2);

                // A buffer grown for a huge text is not kept.
                if (buffer.Length <= MaxKeptBuffer)
                {
                    textBuffer = buffer;
                }
            }
        }

        reader.Read();
        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
        {
            reader.Read();
            return FeedText.Of(buffer.AsSpan(0, length).Trim());
        }

        return FeedText.Of(Collect(reader, depth, new StringBuilder(length + 64).Append(buffer, 0, length)));
    }

    /// <summary>A text node of the UTF-8 reader, copied from the document as it is, with no transcoding at all.</summary>
    private static FeedText SingleNode(Utf8XmlReader reader, int depth)
    {
        var first = reader.ValueUtf8.ToArray();
        reader.Read();
        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
        {
            reader.Read();
            var trimmed = TrimUtf8(first);
            return FeedText.OwnUtf8(trimmed.Length == first.Length ? first : trimmed.ToArray());
        }

        return FeedText.Of(Collect(reader, depth, new StringBuilder(Encoding.UTF8.GetString(first))));
    }

    /// <summary>UTF-8 trimmed of what <see cref="char.IsWhiteSpace(char)"/> calls whitespace, as <see cref="MemoryExtensions.Trim(Span{char})"/> trims a string.</summary>
    internal static ReadOnlySpan<byte> TrimUtf8(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty && Rune.DecodeFromUtf8(text, out var rune, out var length) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            text = text[length..];
        }

        while (!text.IsEmpty && Rune.DecodeLastFromUtf8(text, out var rune, out var length) == System.Buffers.OperationStatus.Done && Rune.IsWhiteSpace(rune))
        {
            text = text[..^length];
        }

        return text;
    }

    private static string Collect(XmlReader reader, int depth, StringBuilder text)
    {
        while (reader.Depth > depth)
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    text.Append(ReadMarkup(reader, inner: false));
                    continue;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace:
                    text.Append(reader.Value);
                    break;
            }

            if (!reader.Read())
            {
                break;
            }
        }

        reader.Read();
        return text.ToString().Trim();
    }

    private static string Trim(string text) =>
        text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) ? text.Trim() : text;

    /// <summary>Reads the markup inside the current element (inline XHTML), and moves past its end.</summary>
    public static string ReadInnerMarkup(XmlReader reader) => ReadMarkup(reader, inner: true).Trim();

    private static readonly XmlWriterSettings MarkupSettings = new()
    {
        ConformanceLevel = ConformanceLevel.Fragment,
        OmitXmlDeclaration = true,
        CheckCharacters = false,
        NewLineHandling = NewLineHandling.None,
    };

    /// <summary>
    /// The markup of the current element (<paramref name="inner"/>: of its content), written as
    /// <see cref="XmlReader.ReadOuterXml"/> (<see cref="XmlReader.ReadInnerXml"/>) writes it, and the reader moved past
    /// the element. Those two grow their writer's element stack ten at a time, which makes them quadratic in the depth of
    /// the markup (a feed with 20,000 nested elements had them allocate a gigabyte); this copy is linear, and refuses
    /// markup nested deeper than <see cref="MaxDepth"/> as every other element of a feed is refused.
    /// </summary>
    public static string ReadMarkup(XmlReader reader, bool inner)
    {
        if (reader is Utf8XmlReader)
        {
            // The fast reader leaves inline markup to the standard one, which reads the document again (see Utf8XmlReader).
            throw new Utf8XmlReader.UnsupportedException("markup asked for as a string");
        }

        var depth = reader.Depth;
        var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);

        // Not closed when the reader throws: closing writes the end tags still open, which can throw in its place.
        var writer = XmlWriter.Create(text, MarkupSettings);
        if (!inner)
        {
            do
            {
                CopyNode(reader, writer);
            }
            while (reader.Read() && (reader.Depth > depth || (reader.Depth == depth && reader.NodeType == XmlNodeType.EndElement)));
        }
        else if (reader.IsEmptyElement)
        {
            reader.Read();
        }
        else
        {
            while (reader.Read() && reader.Depth > depth)
            {
                CopyNode(reader, writer);
            }

            if (reader.Depth == depth && reader.NodeType == XmlNodeType.EndElement)
            {
                reader.Read();
            }
        }

        writer.Flush();
        return text.ToString();
    }

    /// <summary>One node of <see cref="ReadMarkup"/>, as <see cref="XmlWriter.WriteNode(XmlReader, bool)"/> writes it.</summary>
    private static void CopyNode(XmlReader reader, XmlWriter writer)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                CheckDepth(reader);
                writer.WriteStartElement(reader.Prefix, reader.LocalName, reader.NamespaceURI);
                writer.WriteAttributes(reader, defattr: false);
                if (reader.IsEmptyElement)
                {
                    writer.WriteEndElement();
                }

                break;
            case XmlNodeType.Text:
                writer.WriteString(reader.Value);
                break;
            case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                writer.WriteWhitespace(reader.Value);
                break;
            case XmlNodeType.CDATA:
                writer.WriteCData(reader.Value);
                break;
            case XmlNodeType.EntityReference:
                writer.WriteEntityRef(reader.Name);
                break;
            case XmlNodeType.EndElement:
                writer.WriteFullEndElement();
                break;
            default:
                // Comments and processing instructions are not read (see Settings); nothing else occurs inside an element.
                break;
        }
    }

    /// <summary>Enters the current element; false (and moved past it) when it is empty.</summary>
    public static bool EnterChildren(XmlReader reader, out int depth)
    {
        depth = reader.Depth;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return false;
        }

        reader.Read();
        return true;
    }

    /// <summary>Moves to the next element child of the element entered at <paramref name="depth"/>; false once it is left.</summary>
    public static bool NextChild(XmlReader reader, int depth)
    {
        while (reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                CheckDepth(reader);
                return true;
            }

            if (!reader.Read())
            {
                return false;
            }
        }

        reader.Read();
        return false;
    }

    private static void CheckDepth(XmlReader reader)
    {
        if (reader.Depth > MaxDepth)
        {
            throw new XmlException($"elements nested deeper than {MaxDepth}");
        }
    }

    /// <summary>The base URI in effect for the current element: its <c>xml:base</c> resolved against the inherited one.</summary>
    public static Uri? BaseOf(XmlReader reader, Uri? inherited)
    {
        if (!reader.HasAttributes)
        {
            return inherited;
        }

        var declared = reader.GetAttribute("base", XmlNames.Xml);
        return declared is null ? inherited : ResolveBase(inherited, declared);
    }

    public static Uri? ResolveBase(Uri? inherited, string declared) => ToUri(inherited, declared) ?? inherited;

    /// <summary>An absolute URL for <paramref name="href"/> against <paramref name="baseUri"/>; the text as given when it cannot be resolved.</summary>
    public static string? Resolve(Uri? baseUri, string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }

        href = href.Trim();
        return IsNormalAbsolute(href) ? href : ToUri(baseUri, href)?.AbsoluteUri ?? href;
    }

    /// <summary>
    /// True for an http(s) URL already in the form <see cref="Uri.AbsoluteUri"/> would give it: lower-case scheme and host,
    /// a path, no dot segments, only characters that need no escaping. Most feed links are; they skip building a Uri.
    /// </summary>
    internal static bool IsNormalAbsolute(string href)
    {
        var rest = href.StartsWith("https://", StringComparison.Ordinal) ? href.AsSpan(8)
            : href.StartsWith("http://", StringComparison.Ordinal) ? href.AsSpan(7)
            : default;
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var host = rest[..slash];
        if (host.IndexOfAnyExcept(HostCharacters) >= 0 || host[0] == '.' || host[^1] == '.')
        {
            return false;
        }

        var path = rest[slash..];
        var end = path.IndexOfAny('?', '#');
        var pathOnly = end < 0 ? path : path[..end];
        return path.IndexOfAnyExcept(UrlCharacters) < 0
            && !pathOnly.Contains("/.", StringComparison.Ordinal)
            && !pathOnly.Contains("%", StringComparison.Ordinal);
    }

    private static readonly System.Buffers.SearchValues<char> HostCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789.-");

    private static readonly System.Buffers.SearchValues<char> UrlCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?#[]@!$&'()*+,;=:");

    private static Uri? ToUri(Uri? baseUri, string href)
    {
        href = href.Trim();

        // On Unix a rooted path parses as an absolute file URI; in a feed "/x" is relative to its base.
        if (href.Length > 0 && href[0] != '/' && Uri.TryCreate(href, UriKind.Absolute, out var absolute))
        {
            return absolute;
        }

        return baseUri is not null && Uri.TryCreate(baseUri, href, out var resolved) ? resolved : null;
    }

    /// <summary>
    /// The value already set, else the one just read. Both are evaluated, unlike <c>??=</c>, so the reader always moves
    /// past the element: a handler that leaves it in place would loop for ever.
    /// </summary>
    public static T? Keep<T>(T? existing, T? read)
        where T : class => existing ?? read;

    public static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
