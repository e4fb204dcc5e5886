using System.Globalization;
using System.Text;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html;
using AngleSharp.Html.Parser;

namespace FeedAggregator.Normalising;

/// <summary>
/// Feed HTML made safe to republish: parsed the way a browser parses it, then written back with allow-listed
/// elements and attributes only (<see cref="HtmlAllowList"/>) and every address absolute.
/// </summary>
/// <remarks>
/// Choices the rules leave open:
/// <list type="bullet">
/// <item>Links get <c>rel="nofollow noopener noreferrer"</c> whatever the feed said: we vouch for none of them, and our
/// readers' pages are nobody's business. A link left without content (a stripped tracker image) goes.</item>
/// <item>audio and video always get <c>controls</c>: with scripts gone there is no other way to play them.</item>
/// <item>Markup is parsed as the content of a standards-mode body, as when it is placed in our pages.</item>
/// <item>Output escapes &amp; &lt; &gt; and U+00A0 in text, and &amp; &quot; &lt; &gt; in attribute values, so a
/// value never reads as markup even to a tool that parses carelessly.</item>
/// <item>Broken markup can build trees that do not read back the same once written (foster-parented table content, a
/// heading inside a heading), and so can unwrapping (a heading that sat in an unknown element inside another). When
/// the parse reported errors or an unwrap let kept elements meet, the output is sanitised again until it stops
/// changing, at most three more times, so that Sanitize(Sanitize(x)) == Sanitize(x). Clean markup takes one pass.</item>
/// <item>A base that is not an absolute http or https URI counts as none: relative addresses then stay relative when
/// they cannot be read as carrying a scheme, and go otherwise.</item>
/// <item>Table parts outside their table, source outside picture, audio and video, and track outside audio and video
/// are not written; a link inside a link is unwrapped.</item>
/// </list>
/// </remarks>
internal static class HtmlSanitizer
{
    private const string LinkRel = "nofollow noopener noreferrer";
    private const string DocumentStart = "<!DOCTYPE html><body>";

    // Trackers that feed services put into items, matched anywhere in the absolute image address: FeedBurner's
    // per-item pixel (~r) and FeedFlare buttons (~ff), Feedsportal, WordPress.com stats, DoubleClick ad pixels.
    private static readonly string[] TrackerAddresses =
    [
        "feeds.feedburner.com/~r/",
        "/~ff/",
        "feedsportal.com",
        "pixel.wp.com",
        "stats.wordpress.com",
        "doubleclick.net",
    ];

    private static readonly HtmlParserOptions ParserOptions = new()
    {
        IsScripting = false,
        SkipComments = true,
        SkipProcessingInstructions = true,
        SkipCDATA = true,
        DisableElementPositionTracking = true,
    };

    // AngleSharp documents no thread safety for a parser shared between threads; one per thread costs little.
    [ThreadStatic]
    private static ParserState? threadState;

    [ThreadStatic]
    private static StringBuilder? threadBuilder;

    /// <summary>Safe HTML for republishing: allow-listed elements and attributes only, every URL absolute against baseUri.</summary>
    public static string Sanitize(string? html, Uri? baseUri)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        var special = html.AsSpan().IndexOfAny('<', '&');
        if (special < 0)
        {
            return TrimHtmlSpace(html);
        }

        var resolveAgainst = baseUri is { IsAbsoluteUri: true } && IsHttp(baseUri) ? baseUri : null;
        if (html.AsSpan(special).IndexOf('<') < 0)
        {
            // Text with entities but no tags: decoding and re-escaping gives what the parser would, at a fraction of the cost.
            var builder = RentBuilder();
            AppendEscapedText(builder, DecodeText(html));
            return ToTrimmedString(builder);
        }

        // Output from broken or unwrapped markup may read back as a different tree; see the remarks on the class.
        var output = SanitizeMarkup(html, resolveAgainst, out var unsettled);
        for (var pass = 0; unsettled && pass < 3; pass++)
        {
            var again = SanitizeMarkup(output, resolveAgainst, out unsettled);
            if (string.Equals(again, output, StringComparison.Ordinal))
            {
                break;
            }

            output = again;
        }

        return output;
    }

    /// <summary>The body a browser builds from the markup as the content of a body element.</summary>
    internal static IElement? ParseBody(string html) => ParseBody(html, out _);

    private static IElement? ParseBody(string html, out int errors)
    {
        // A whole standards-mode document rather than HtmlParser.ParseFragment, which reports no parse errors; the
        // explicit body start tag makes the markup body content from its first character, as a fragment would be.
        var state = threadState ??= new ParserState();
        state.Errors = 0;
        var body = state.Parser.ParseDocument(string.Concat(DocumentStart, html)).Body;
        errors = state.Errors;
        return body;
    }

    /// <summary>Character references in text decoded as the HTML parser decodes them outside attributes; CR LF folded to LF, NUL dropped.</summary>
    internal static string DecodeText(string text)
    {
        if (text.AsSpan().IndexOfAny('&', '\r', '\0') < 0)
        {
            return text;
        }

        var decoded = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var next = text.AsSpan(i).IndexOfAny('&', '\r', '\0');
            if (next < 0)
            {
                decoded.Append(text, i, text.Length - i);
                break;
            }

            decoded.Append(text, i, next);
            i += next;
            switch (text[i])
            {
                case '&':
                    i = AppendReference(decoded, text, i);
                    break;
                case '\r':
                    decoded.Append('\n');
                    i += i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    break;
                default:
                    i++;
                    break;
            }
        }

        return decoded.ToString();
    }

    internal static StringBuilder RentBuilder()
    {
        // One builder per thread saves an allocation per call; one grown by a huge item is not kept.
        var builder = threadBuilder;
        if (builder is null || builder.Capacity > 64 * 1024)
        {
            builder = threadBuilder = new StringBuilder(1024);
        }

        builder.Clear();
        return builder;
    }

    private static string SanitizeMarkup(string html, Uri? baseUri, out bool unsettled)
    {
        var body = ParseBody(html, out var errors);
        var writer = new Writer(RentBuilder(), baseUri);
        if (body is not null)
        {
            writer.WriteChildren(body, container: null, inLink: false);
        }

        unsettled = errors > 0 || writer.Restructured;
        return ToTrimmedString(writer.Output);
    }

    private sealed class ParserState
    {
        public ParserState()
        {
            // No loader and no scripting service: parsing never fetches or runs anything.
            Parser = new HtmlParser(ParserOptions, BrowsingContext.New(AngleSharp.Configuration.Default));
            Parser.Error += (_, _) => Errors++;
        }

        public HtmlParser Parser { get; }

        /// <summary>Parse errors in the current parse: only broken markup builds trees that may not read back the same.</summary>
        public int Errors { get; set; }
    }

    private sealed class Writer(StringBuilder output, Uri? baseUri)
    {
        public StringBuilder Output { get; } = output;

        /// <summary>Set when unwrapping let kept elements meet that the parser would not have nested this way.</summary>
        public bool Restructured { get; private set; }

        private int written;

        private void WriteNode(INode node, string? container, bool inLink)
        {
            switch (node.NodeType)
            {
                case NodeType.Text:
                    AppendEscapedText(Output, ((ICharacterData)node).Data);
                    break;
                case NodeType.Element:
                    WriteElement((IElement)node, container, inLink);
                    break;
                default:
                    // Comments, processing instructions and doctypes carry nothing a reader sees.
                    break;
            }
        }

        public void WriteChildren(INode parent, string? container, bool inLink)
        {
            var children = parent.ChildNodes;
            for (var i = 0; i < children.Length; i++)
            {
                WriteNode(children[i], container, inLink);
            }
        }

        private void Unwrap(IElement element, string? container, bool inLink)
        {
            var before = written;
            WriteChildren(element, container, inLink);
            if (written != before)
            {
                Restructured = true;
            }
        }

        private void WriteElement(IElement element, string? container, bool inLink)
        {
            // Foreign (SVG, MathML) elements only live inside svg and math, which go whole; this catches the rest.
            if (!string.Equals(element.NamespaceUri, NamespaceNames.HtmlUri, StringComparison.Ordinal))
            {
                return;
            }

            var rule = HtmlAllowList.Find(element.LocalName);
            if (rule is null || rule.Action == ElementAction.Unwrap)
            {
                Unwrap(element, container, inLink);
                return;
            }

            if (rule.Action == ElementAction.Remove)
            {
                return;
            }

            var name = rule.Name;
            var isLink = string.Equals(name, "a", StringComparison.Ordinal);
            switch (name)
            {
                case "source" when container is not ("picture" or "audio" or "video"):
                case "track" when container is not ("audio" or "video"):
                    return;
                case "caption" or "colgroup" or "thead" or "tbody" or "tfoot" when container is not "table":
                case "col" when container is not ("colgroup" or "table"):
                case "tr" when container is not ("table" or "thead" or "tbody" or "tfoot"):
                case "td" or "th" when container is not "tr":
                    // Table parts outside their table would be dropped or moved by the next parse.
                    Unwrap(element, container, inLink);
                    return;
                case "a" when inLink:
                    // A link inside a link is invalid and the parser would split them on the next round.
                    Unwrap(element, container, inLink);
                    return;
                default:
                    break;
            }

            var start = Output.Length;
            Output.Append('<').Append(name);
            string? address = null;
            string? width = null;
            string? height = null;
            var hasSrcSet = false;
            var attributes = element.Attributes;
            for (var i = 0; i < attributes.Length; i++)
            {
                var attribute = attributes[i];
                if (attribute is null
                    || !string.IsNullOrEmpty(attribute.NamespaceUri)
                    || !rule.Attributes.TryGetValue(attribute.LocalName, out var kind))
                {
                    continue;
                }

                var value = kind switch
                {
                    AttributeKind.Link or AttributeKind.ImageSource or AttributeKind.Url => CleanUrl(attribute.Value, kind, baseUri),
                    AttributeKind.SrcSet => CleanSrcSet(attribute.Value, baseUri),
                    AttributeKind.Dimension => CleanDimension(attribute.Value),
                    AttributeKind.Integer => CleanInteger(attribute.Value),
                    AttributeKind.Boolean => "",
                    _ => attribute.Value,
                };
                if (value is null)
                {
                    continue;
                }

                var attributeName = attribute.LocalName;
                switch (attributeName)
                {
                    case "href" or "src":
                        address = value;
                        break;
                    case "width":
                        width = value;
                        break;
                    case "height":
                        height = value;
                        break;
                    case "srcset":
                        hasSrcSet = true;
                        break;
                    default:
                        break;
                }

                Output.Append(' ').Append(attributeName);
                if (kind != AttributeKind.Boolean)
                {
                    Output.Append("=\"");
                    AppendEscapedAttribute(Output, value);
                    Output.Append('"');
                }
            }

            switch (name)
            {
                case "img" when address is null || IsTrackingPixel(width, height) || IsTracker(address):
                    Output.Length = start;
                    return;
                case "source" when address is null && !hasSrcSet:
                case "track" when address is null:
                    // Nothing left to play.
                    Output.Length = start;
                    return;
                case "a" when address is null:
                    Output.Length = start;
                    Unwrap(element, container, inLink);
                    return;
                case "a":
                    Output.Append(" rel=\"").Append(LinkRel).Append('"');
                    break;
                case "audio" or "video":
                    Output.Append(" controls");
                    break;
                default:
                    break;
            }

            Output.Append('>');
            written++;
            if (rule.IsVoid)
            {
                return;
            }

            var contentStart = Output.Length;
            WriteChildren(element, name, inLink || isLink);
            if (isLink && Output.Length == contentStart)
            {
                Output.Length = start;
                written--;
                return;
            }

            // The parser drops one newline right after <pre>, so a first newline of the content needs another before it.
            if (string.Equals(name, "pre", StringComparison.Ordinal) && Output.Length > contentStart && Output[contentStart] == '\n')
            {
                Output.Insert(contentStart, '\n');
            }

            Output.Append("</").Append(name).Append('>');
        }
    }

    /// <summary>
    /// The address as we may republish it, or null when it must go: trimmed and cleaned of tabs and newlines the way
    /// browsers do, scheme allowed for its use, relative ones resolved against the base.
    /// </summary>
    private static string? CleanUrl(string raw, AttributeKind kind, Uri? baseUri)
    {
        var span = raw.AsSpan();
        var first = 0;
        var end = span.Length;
        while (first < end && span[first] <= ' ')
        {
            first++;
        }

        while (end > first && span[end - 1] <= ' ')
        {
            end--;
        }

        if (first == end)
        {
            return null;
        }

        span = span[first..end];
        string url;
        if (span.IndexOfAny('\t', '\n', '\r') >= 0)
        {
            var cleaned = new StringBuilder(span.Length);
            foreach (var c in span)
            {
                if (c is not ('\t' or '\n' or '\r'))
                {
                    cleaned.Append(c);
                }
            }

            url = cleaned.ToString();
        }
        else
        {
            url = span.Length == raw.Length ? raw : span.ToString();
        }

        // Whatever precedes a colon that comes before any '/', '?' or '#' is a scheme to a browser, or may become one:
        // only exact allowed schemes pass, so "java\0script:" and "&#1;javascript:" go with "javascript:".
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var delimiter = url.AsSpan().IndexOfAny('/', '?', '#');
        if (colon >= 0 && (delimiter < 0 || colon < delimiter))
        {
            var scheme = url.AsSpan(0, colon);
            if (scheme.Equals("https", StringComparison.OrdinalIgnoreCase) || scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && IsHttp(absolute) && absolute.Host.Length > 0
                    ? absolute.AbsoluteUri
                    : null;
            }

            if (kind == AttributeKind.Link && scheme.Equals("mailto", StringComparison.OrdinalIgnoreCase))
            {
                return url;
            }

            if (kind == AttributeKind.ImageSource && scheme.Equals("data", StringComparison.OrdinalIgnoreCase) && IsRasterImageData(url.AsSpan(colon + 1)))
            {
                return url;
            }

            return null;
        }

        if (baseUri is null)
        {
            return url;
        }

        // The resolved address is checked again: .NET reads "\\host\share" as a file path, browsers as a network path.
        return Uri.TryCreate(baseUri, url, out var resolved) && IsHttp(resolved) ? resolved.AbsoluteUri : null;
    }

    /// <summary>data: images are fine unless SVG, which can carry script.</summary>
    private static bool IsRasterImageData(ReadOnlySpan<char> afterScheme)
    {
        var comma = afterScheme.IndexOf(',');
        if (comma < 0)
        {
            return false;
        }

        var mediaType = afterScheme[..comma];
        var parameters = mediaType.IndexOf(';');
        if (parameters >= 0)
        {
            mediaType = mediaType[..parameters];
        }

        mediaType = mediaType.Trim();
        return mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase)
            && mediaType.Length > "image/".Length
            && !mediaType.Contains("svg", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>srcset with every candidate's address cleaned; candidates that fail go, and the attribute with the last.</summary>
    private static string? CleanSrcSet(string value, Uri? baseUri)
    {
        StringBuilder? result = null;
        var i = 0;
        while (true)
        {
            while (i < value.Length && (value[i] == ',' || IsHtmlSpace(value[i])))
            {
                i++;
            }

            if (i >= value.Length)
            {
                break;
            }

            var urlStart = i;
            while (i < value.Length && !IsHtmlSpace(value[i]))
            {
                i++;
            }

            var url = value.AsSpan(urlStart, i - urlStart);
            var descriptor = ReadOnlySpan<char>.Empty;
            if (url[^1] == ',')
            {
                url = url.TrimEnd(',');
            }
            else
            {
                var descriptorStart = i;
                var depth = 0;
                while (i < value.Length && (value[i] != ',' || depth > 0))
                {
                    depth += value[i] switch
                    {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    i++;
                }

                descriptor = value.AsSpan(descriptorStart, i - descriptorStart).Trim();
            }

            if (url.IsEmpty || !IsPlainDescriptor(descriptor))
            {
                continue;
            }

            var clean = CleanUrl(url.ToString(), AttributeKind.Url, baseUri);
            if (clean is null || clean.AsSpan().IndexOfAny(' ', '\t', '\n') >= 0)
            {
                continue;
            }

            result ??= new StringBuilder(value.Length + 32);
            if (result.Length > 0)
            {
                result.Append(", ");
            }

            result.Append(clean);
            if (!descriptor.IsEmpty)
            {
                result.Append(' ').Append(descriptor);
            }
        }

        return result?.ToString();
    }

    // Width, density and the old height descriptors ("640w", "2x", "1.5x"); anything else browsers would reject too.
    private static bool IsPlainDescriptor(ReadOnlySpan<char> descriptor)
    {
        foreach (var c in descriptor)
        {
            if (!char.IsAsciiDigit(c) && c is not ('.' or 'w' or 'x' or 'h' or ' '))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A width or height as digits, a fraction or a percentage; "px" that feeds often add is dropped.</summary>
    private static string? CleanDimension(string value)
    {
        var span = value.AsSpan().Trim();
        if (span.EndsWith("px", StringComparison.OrdinalIgnoreCase))
        {
            span = span[..^2].TrimEnd();
        }

        var number = span.EndsWith('%') ? span[..^1] : span;
        if (number.IsEmpty || number.Length > 8 || !char.IsAsciiDigit(number[0]) || !char.IsAsciiDigit(number[^1]))
        {
            return null;
        }

        var dots = 0;
        foreach (var c in number)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (!char.IsAsciiDigit(c))
            {
                return null;
            }
        }

        return dots > 1 ? null : span.Length == value.Length ? value : span.ToString();
    }

    private static string? CleanInteger(string value) =>
        int.TryParse(value.AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number.ToString(CultureInfo.InvariantCulture)
            : null;

    private static bool IsTrackingPixel(string? width, string? height) =>
        IsAtMostOnePixel(width) && IsAtMostOnePixel(height);

    private static bool IsAtMostOnePixel(string? dimension) =>
        dimension is not null
        && !dimension.EndsWith('%')
        && double.TryParse(dimension, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pixels)
        && pixels <= 1;

    private static bool IsTracker(string source)
    {
        foreach (var tracker in TrackerAddresses)
        {
            if (source.Contains(tracker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHttp(Uri uri) =>
        string.Equals(uri.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal)
        || string.Equals(uri.Scheme, Uri.UriSchemeHttp, StringComparison.Ordinal);

    private static bool IsHtmlSpace(char c) => c is ' ' or '\t' or '\n' or '\f' or '\r';

    private static string TrimHtmlSpace(string text)
    {
        var first = 0;
        var end = text.Length;
        while (first < end && IsHtmlSpace(text[first]))
        {
            first++;
        }

        while (end > first && IsHtmlSpace(text[end - 1]))
        {
            end--;
        }

        return first == 0 && end == text.Length ? text : text[first..end];
    }

    private static string ToTrimmedString(StringBuilder builder)
    {
        var first = 0;
        var end = builder.Length;
        while (first < end && IsHtmlSpace(builder[first]))
        {
            first++;
        }

        while (end > first && IsHtmlSpace(builder[end - 1]))
        {
            end--;
        }

        return builder.ToString(first, end - first);
    }

    private static void AppendEscapedText(StringBuilder output, string text)
    {
        var span = text.AsSpan();
        while (true)
        {
            var next = span.IndexOfAny("&<>\u00A0");
            if (next < 0)
            {
                output.Append(span);
                return;
            }

            output.Append(span[..next]).Append(span[next] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => "&nbsp;",
            });
            span = span[(next + 1)..];
        }
    }

    private static void AppendEscapedAttribute(StringBuilder output, string value)
    {
        var span = value.AsSpan();
        while (true)
        {
            var next = span.IndexOfAny("&\"<>\u00A0");
            if (next < 0)
            {
                output.Append(span);
                return;
            }

            output.Append(span[..next]).Append(span[next] switch
            {
                '&' => "&amp;",
                '"' => "&quot;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => "&nbsp;",
            });
            span = span[(next + 1)..];
        }
    }

    /// <summary>Decodes the character reference at <paramref name="ampersand"/> (or keeps the '&amp;') and returns where the text goes on.</summary>
    private static int AppendReference(StringBuilder output, string text, int ampersand)
    {
        var i = ampersand + 1;
        if (i < text.Length && text[i] == '#')
        {
            var j = i + 1;
            var hex = j < text.Length && text[j] is 'x' or 'X';
            if (hex)
            {
                j++;
            }

            var digits = j;
            var code = 0;
            while (j < text.Length && (hex ? char.IsAsciiHexDigit(text[j]) : char.IsAsciiDigit(text[j])))
            {
                // Past U+10FFFF the value no longer matters: it becomes U+FFFD.
                var digit = text[j] <= '9' ? text[j] - '0' : (text[j] | 0x20) - 'a' + 10;
                code = Math.Min((code * (hex ? 16 : 10)) + digit, 0x110000);
                j++;
            }

            if (j == digits)
            {
                output.Append('&');
                return i;
            }

            if (j < text.Length && text[j] == ';')
            {
                j++;
            }

            AppendCodePoint(output, code);
            return j;
        }

        var nameEnd = i;
        while (nameEnd < text.Length && nameEnd - i < 32 && char.IsAsciiLetterOrDigit(text[nameEnd]))
        {
            nameEnd++;
        }

        if (nameEnd > i)
        {
            var entities = HtmlEntityProvider.Resolver;
            if (nameEnd < text.Length && text[nameEnd] == ';' && entities.GetSymbol(text.Substring(i, nameEnd - i + 1)) is { } symbol)
            {
                output.Append(symbol);
                return nameEnd + 1;
            }

            // Names from HTML 4's Latin-1 set are still read without the semicolon ("&copy 2024"); the longest is six letters.
            for (var length = Math.Min(nameEnd - i, 6); length >= 2; length--)
            {
                if (entities.GetSymbol(text.Substring(i, length)) is { } legacy)
                {
                    output.Append(legacy);
                    return i + length;
                }
            }
        }

        output.Append('&');
        return i;
    }

    private static void AppendCodePoint(StringBuilder output, int code)
    {
        if (code == 0 || code > 0x10FFFF || code is >= 0xD800 and <= 0xDFFF)
        {
            output.Append('\uFFFD');
        }
        else if (HtmlEntityProvider.IsInCharacterTable(code))
        {
            // 0x80-0x9F name Windows-1252 characters, as in "&#150;" for an en dash.
            output.Append(HtmlEntityProvider.GetSymbolFromTable(code));
        }
        else if (code <= 0xFFFF)
        {
            output.Append((char)code);
        }
        else
        {
            output.Append(char.ConvertFromUtf32(code));
        }
    }
}
