using System.Text;

namespace FeedAggregator.Tests.Reliability;

/// <summary>The structural mutations: another encoding (and a lie about it), huge attributes, deep nesting.</summary>
internal sealed partial class FuzzMutator
{
    private static readonly (string Name, int CodePage, bool Mark)[] Encodings =
    [
        ("utf-8", 65001, false), ("utf-8", 65001, true), ("utf-16le", 1200, false), ("utf-16le", 1200, true),
        ("utf-16be", 1201, false), ("utf-16be", 1201, true), ("utf-32le", 12000, false), ("utf-32le", 12000, true),
        ("utf-32be", 12001, false), ("utf-32be", 12001, true), ("windows-1251", 1251, false), ("koi8-r", 20866, false),
        ("koi8-u", 21866, false), ("iso-8859-1", 28591, false), ("windows-1252", 1252, false), ("ibm037", 37, false),
        ("shift_jis", 932, false), ("gb18030", 54936, false),
    ];

    private static readonly string[] CharsetNames =
    [
        "utf-8", "UTF8", "utf-16", "utf-16le", "utf-16be", "utf-32", "utf-32be", "windows-1251", "koi8-r", "iso-8859-1",
        "us-ascii", "utf-7", "x-user-defined", "ibm037", "shift_jis", "no-such-charset", "", "\"utf-8\"", "utf-8;q=1",
    ];

    /// <summary>Names of text constructs whose content is HTML or may be: where markup reaches the sanitiser.</summary>
    private static readonly string[] TextElements =
        ["<description", "<content:encoded", "<content", "<summary", "<title", "<subtitle", "<dc:description", "<tagline"];

    private static readonly string[] JsonTextProperties = ["\"content_html\"", "\"summary\"", "\"title\"", "\"content_text\""];

    static FuzzMutator() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The text written again in another encoding; the declaration and the HTTP charset may then tell the truth or not.</summary>
    private static byte[] SwapEncoding(byte[] input, ref FuzzRandom random, ref string? contentType, List<string> details)
    {
        var (source, preamble) = SourceEncoding(input);
        var text = source.GetString(input, preamble, input.Length - preamble);
        var (name, codePage, mark) = random.Pick(Encodings);
        var declared = random.Below(3) switch
        {
            0 => null,
            1 => name,
            _ => random.Pick(CharsetNames),
        };
        if (declared is not null)
        {
            text = Declare(text, declared);
        }

        var encoding = Encoding.GetEncoding(codePage, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
        var body = encoding.GetBytes(text);
        var output = mark ? [.. encoding.GetPreamble(), .. body] : body;
        var mediaType = contentType?.Split(';')[0] ?? "application/xml";
        contentType = random.Below(4) switch
        {
            0 => contentType,
            1 => $"{mediaType}; charset={name}",
            2 => $"{mediaType}; charset={random.Pick(CharsetNames)}",
            _ => mediaType,
        };
        details.Add($"{source.WebName} written as {name}{(mark ? " with a mark" : "")}, declared {declared ?? "as before"}");
        return output;
    }

    /// <summary>
    /// The encoding the text is in, told roughly and independently of the parser (so that a change to the parser never
    /// changes the cases a seed makes): a byte order mark, UTF-16 by its zeros, a declared name, else UTF-8 when the bytes
    /// are, else windows-1251.
    /// </summary>
    private static (Encoding Encoding, int Preamble) SourceEncoding(byte[] input)
    {
        var bytes = input.AsSpan();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return (Encoding.UTF8, 3);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x3C, 0, 0, 0]))
        {
            return (Encoding.UTF32, bytes[0] == 0xFF ? 4 : 0);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x3C, 0]))
        {
            return (Encoding.Unicode, bytes[0] == 0xFF ? 2 : 0);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0, 0x3C]))
        {
            return (Encoding.BigEndianUnicode, bytes[0] == 0xFE ? 2 : 0);
        }

        var head = Encoding.ASCII.GetString(bytes[..Math.Min(bytes.Length, 200)]);
        foreach (var name in (string[])["windows-1251", "koi8-r", "koi8-u", "iso-8859-1"])
        {
            if (head.Contains(name, StringComparison.OrdinalIgnoreCase))
            {
                return (Encoding.GetEncoding(name), 0);
            }
        }

        return (System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8 : Encoding.GetEncoding("windows-1251"), 0);
    }

    /// <summary>The XML declaration made to name <paramref name="charset"/>, or one added; JSON has none to change.</summary>
    private static string Declare(string text, string charset)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            return text;
        }

        var declaration = text.IndexOf("<?xml", StringComparison.Ordinal);
        var close = declaration < 0 ? -1 : text.IndexOf("?>", declaration, StringComparison.Ordinal);
        if (declaration < 0 || declaration > 1024 || close < 0)
        {
            return $"<?xml version=\"1.0\" encoding=\"{charset}\"?>\n{text}";
        }

        var encodingAt = text.IndexOf("encoding", declaration, close - declaration, StringComparison.Ordinal);
        if (encodingAt < 0)
        {
            return text.Insert(close, $" encoding=\"{charset}\"");
        }

        var quote = text.IndexOfAny(['"', '\''], encodingAt, close - encodingAt);
        var end = quote < 0 ? -1 : text.IndexOf(text[quote], quote + 1);
        return quote < 0 || end < 0 || end > close ? text : string.Concat(text.AsSpan(0, quote + 1), charset, text.AsSpan(end));
    }

    private static readonly string[] AttributeNames = ["x", "href", "xml:base", "type", "src", "length", "url", "xmlns:big", "rdf:about", "version", "xml:lang"];

    private static readonly string[] AttributeUnits = ["a", "&amp;", "&#1046;", "ж", " \t\n", "%41", "&lt;b&gt;", "http://example.com/", "&#x1F3AD;"];

    private static byte[] AddHugeAttribute(byte[] input, ref FuzzRandom random, List<string> details)
    {
        var size = random.LogUniform(16 * 1024, 4 * 1024 * 1024);
        var json = IsJson(input);
        switch (random.Below(4))
        {
            case 0 when !json:
            {
                var name = random.Pick(AttributeNames);
                var unit = random.Pick(AttributeUnits);
                var at = AttributeSlot(input, ref random);
                details.Add($"{name}=\"{unit.Trim()}…\" of {size} bytes at {at}");
                return Insert(input, at, $" {name}=\"{Fill(unit, size)}\"");
            }

            case 1 when !json:
            {
                var count = random.LogUniform(100, 100_000);
                var distinct = random.Chance(75);
                var attributes = new StringBuilder(count * 12);
                for (var i = 0; i < count; i++)
                {
                    attributes.Append(distinct ? $" a{i}=\"v\"" : " a=\"v\"");
                }

                var at = AttributeSlot(input, ref random);
                details.Add($"{count} {(distinct ? "distinct" : "repeated")} attributes at {at}");
                return Insert(input, at, attributes.ToString());
            }

            case 2:
            {
                // A huge attribute inside the HTML of a text construct: it reaches the sanitiser's URL cleaning.
                var kind = random.Below(3);
                var value = kind switch
                {
                    0 => "http://example.com/" + Fill("a", size),
                    1 => Fill("a.jpg 1x, ", size),
                    _ => Fill("javascript:", size),
                };
                var markup = kind == 1 ? $"<img src='x.png' srcset='{value}'>" : $"<a href='{value}'>link</a>";
                var (at, wrapped) = TextSlot(input, markup, json, ref random);
                details.Add($"HTML with a {size}-byte {(kind == 1 ? "srcset" : "href")} in a text at {at}");
                return Insert(input, at, wrapped);
            }

            default:
            {
                // The JSON counterpart, and for XML a huge text: a huge string value.
                var unit = random.Pick(AttributeUnits);
                var (at, wrapped) = json ? (FirstObjectSlot(input), $"\"x\": \"{Fill(unit, size)}\",") : TextSlot(input, Fill(unit, size), false, ref random);
                details.Add($"a {size}-byte value of \"{unit.Trim()}\" at {at}");
                return Insert(input, at, wrapped);
            }
        }
    }

    private static readonly string[] XmlNestings = ["a", "div", "item", "entry", "x:y", "content"];

    private static readonly string[] HtmlNestings = ["div", "span", "b", "a", "table", "ul", "li", "font", "p", "b><i", "svg", "blockquote", "td", "select", "template"];

    private static byte[] NestDeeply(byte[] input, ref FuzzRandom random, List<string> details)
    {
        var depth = random.LogUniform(64, 200_000);
        var closed = random.Chance(50);
        var json = IsJson(input);
        switch (json ? 3 + random.Below(2) : random.Below(3))
        {
            case 0:
            {
                var name = random.Pick(XmlNestings);
                var at = NextTag(input, random.Below(input.Length + 1));
                details.Add($"{depth} nested <{name}>{(closed ? ", closed" : "")} at {at}");
                return Insert(input, at, Nest($"<{name}>", closed ? $"</{name}>" : "", depth, "x"));
            }

            case 1:
            {
                var name = random.Pick(HtmlNestings);
                var escaped = random.Chance(30);
                var open = escaped ? $"&lt;{name.Replace("><", "&gt;&lt;", StringComparison.Ordinal)}&gt;" : $"<{name}>";
                var (at, wrapped) = TextSlot(input, Nest(open, "", depth, "x"), json: false, ref random, cdata: !escaped);
                details.Add($"{depth} nested HTML <{name}>{(escaped ? " escaped" : " in CDATA")} in a text at {at}");
                return Insert(input, at, wrapped);
            }

            case 2:
            {
                // Atom's inline XHTML, read as markup and handed to the sanitiser as it stands.
                var entry = input.AsSpan().IndexOf("<entry"u8);
                var at = entry < 0 ? NextTag(input, random.Below(input.Length + 1)) : entry + Math.Max(input.AsSpan(entry).IndexOf((byte)'>') + 1, 0);
                var inner = Nest("<div>", closed ? "</div>" : "", depth, "x");
                details.Add($"{depth} nested XHTML <div>{(closed ? ", closed" : "")} in an Atom content at {at}");
                return Insert(input, at, $"<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{inner}</div></content>");
            }

            case 3:
            {
                var array = random.Chance(50);
                var at = FirstObjectSlot(input);
                var nested = array ? Nest("[", closed ? "]" : "", depth, "1") : Nest("{\"a\":", closed ? "}" : "", depth, "1");
                details.Add($"{depth} nested JSON {(array ? "arrays" : "objects")}{(closed ? ", closed" : "")} at {at}");
                return Insert(input, at, $"\"x\": {nested},");
            }

            default:
            {
                var name = random.Pick(HtmlNestings);
                var (at, wrapped) = TextSlot(input, Nest($"<{name}>", "", depth, "x"), json: true, ref random);
                details.Add($"{depth} nested HTML <{name}> in a JSON text at {at}");
                return Insert(input, at, wrapped);
            }
        }
    }

    private static bool IsJson(byte[] input)
    {
        var first = input.AsSpan().IndexOfAnyExcept(" \t\r\n\uFEFF"u8);
        return first >= 0 && input[first] == (byte)'{';
    }

    /// <summary>Where an attribute can go: after the name of a start tag chosen at random, else anywhere.</summary>
    private static int AttributeSlot(byte[] input, ref FuzzRandom random)
    {
        var from = random.Below(input.Length + 1);
        for (var pass = 0; pass < 2; pass++, from = 0)
        {
            for (var i = from; i + 1 < input.Length; i++)
            {
                if (input[i] == (byte)'<' && char.IsAsciiLetter((char)input[i + 1]))
                {
                    var end = i + 1;
                    while (end < input.Length && input[end] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'>' or (byte)'/'))
                    {
                        end++;
                    }

                    return end;
                }
            }
        }

        return random.Below(input.Length + 1);
    }

    /// <summary>
    /// Where text goes: just inside a text construct chosen at random (a JSON string's opening quote for JSON), with the
    /// text wrapped in CDATA when asked; anywhere when the document has none.
    /// </summary>
    private static (int At, string Text) TextSlot(byte[] input, string text, bool json, ref FuzzRandom random, bool cdata = true)
    {
        var span = input.AsSpan();
        var candidates = new List<int>();
        foreach (var marker in json ? JsonTextProperties : TextElements)
        {
            var needle = Encoding.ASCII.GetBytes(marker);
            for (int from = 0, found; candidates.Count < 64 && (found = span[from..].IndexOf(needle)) >= 0; from += found + needle.Length)
            {
                var after = from + found + needle.Length;
                var open = json ? span[after..].IndexOf((byte)'"') : span[after..].IndexOf((byte)'>');
                if (open >= 0 && (json || span[after + open - 1] != (byte)'/'))
                {
                    candidates.Add(after + open + 1);
                }
            }
        }

        var at = candidates.Count > 0 ? random.Pick(candidates) : random.Below(input.Length + 1);
        return (at, json || !cdata ? text : $"<![CDATA[{text}]]>");
    }

    /// <summary>Just inside the first JSON object, where a new property can go.</summary>
    private static int FirstObjectSlot(byte[] input)
    {
        var open = input.AsSpan().IndexOf((byte)'{');
        return open < 0 ? 0 : open + 1;
    }

    private static string Nest(string open, string close, int depth, string middle)
    {
        var text = new StringBuilder((open.Length + close.Length) * depth + middle.Length);
        text.Insert(0, open, depth).Append(middle);
        return close.Length == 0 ? text.ToString() : text.Insert(text.Length, close, depth).ToString();
    }

    private static string Fill(string unit, int size) => new StringBuilder(size + unit.Length).Insert(0, unit, Math.Max(1, size / Encoding.UTF8.GetByteCount(unit))).ToString();

    private static byte[] Insert(byte[] input, int at, string text) => Replace(input, at, 0, Encoding.UTF8.GetBytes(text));
}
