using System.Text;
using System.Text.Unicode;

namespace FeedAggregator.Parsing;

/// <summary>
/// Decides which encoding a document's bytes are in, in the order XML and HTTP give precedence to
/// (https://www.w3.org/TR/xml/#sec-guessing, RFC 7303 §3): byte order mark, then the HTTP charset, then the XML
/// declaration, then sniffing, then UTF-8. A charset that the bytes contradict (declared UTF-8 that is not, a
/// single-byte charset over valid multi-byte UTF-8) is overruled and reported, never fatal.
/// </summary>
internal static class FeedEncoding
{
    static FeedEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="Preamble">Bytes of byte order mark to skip.</param>
    /// <param name="Problem">Set when a stated charset was overruled.</param>
    internal readonly record struct Detected(Encoding Encoding, string Name, int Preamble, string? Problem);

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <param name="trustStatedUtf8">
    /// Take a stated UTF-8 at its word instead of validating every byte first: the XML reader validates as it decodes,
    /// and a caller that sees it fail can ask again without trust.
    /// </param>
    public static Detected Detect(ReadOnlySpan<byte> bytes, string? contentType, bool trustStatedUtf8 = false)
    {
        if (Bom(bytes) is { } bom)
        {
            return bom;
        }

        var http = Charset(contentType);
        if (http is not null && Lookup(http) is { } httpEncoding)
        {
            return Check(bytes, httpEncoding, "the HTTP charset " + http, trustStatedUtf8);
        }

        if (WideWithoutBom(bytes) is { } wide)
        {
            return wide;
        }

        var declared = DeclaredEncoding(bytes);
        if (declared is not null && Lookup(declared) is { } declaredEncoding)
        {
            return Check(bytes, declaredEncoding, $"the declared encoding {declared}", trustStatedUtf8);
        }

        // With no charset stated anywhere, XML says UTF-8; bytes that are not are read as best we can, and reported.
        var sniffed = Sniff(bytes, null);
        return sniffed.Name == "utf-8" ? sniffed : sniffed with { Problem = $"no charset was stated and the bytes are not UTF-8; read as {sniffed.Name}" };
    }

    public static string NameOf(Encoding encoding) => encoding.CodePage switch
    {
        1200 => "utf-16le",
        1201 => "utf-16be",
        12000 => "utf-32le",
        12001 => "utf-32be",
        65001 => "utf-8",
        _ => encoding.WebName.ToLowerInvariant(),
    };

    private static Detected? Bom(ReadOnlySpan<byte> b)
    {
        if (b.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new Detected(Utf8NoBom, "utf-8", 3, null);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0, 0]))
        {
            return new Detected(new UTF32Encoding(false, false), "utf-32le", 4, null);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0, 0, 0xFE, 0xFF]))
        {
            return new Detected(new UTF32Encoding(true, false), "utf-32be", 4, null);
        }

        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new Detected(new UnicodeEncoding(false, false), "utf-16le", 2, null);
        }

        return b.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) ? new Detected(new UnicodeEncoding(true, false), "utf-16be", 2, null) : null;
    }

    /// <summary>UTF-16 and UTF-32 without a mark show themselves by the zero bytes around the first '&lt;'.</summary>
    private static Detected? WideWithoutBom(ReadOnlySpan<byte> b)
    {
        if (b.Length < 4)
        {
            return null;
        }

        return (b[0], b[1], b[2], b[3]) switch
        {
            (0x3C, 0, 0, 0) => new Detected(new UTF32Encoding(false, false), "utf-32le", 0, null),
            (0, 0, 0, 0x3C) => new Detected(new UTF32Encoding(true, false), "utf-32be", 0, null),
            (0x3C, 0, _, 0) => new Detected(new UnicodeEncoding(false, false), "utf-16le", 0, null),
            (0, 0x3C, 0, _) => new Detected(new UnicodeEncoding(true, false), "utf-16be", 0, null),
            _ => null,
        };
    }

    private static Detected Check(ReadOnlySpan<byte> bytes, Encoding stated, string source, bool trustUtf8)
    {
        var name = NameOf(stated);
        if (stated.CodePage == 65001)
        {
            return trustUtf8 || Utf8.IsValid(bytes) ? new Detected(Utf8NoBom, name, 0, null) : Sniff(bytes, $"{source} is contradicted by bytes that are not UTF-8");
        }

        if (stated.IsSingleByte && !Ascii.IsValid(bytes) && Utf8.IsValid(bytes))
        {
            return new Detected(Utf8NoBom, "utf-8", 0, $"{source} is contradicted by bytes that are valid UTF-8; read as UTF-8");
        }

        if (stated.CodePage is 1200 or 1201 or 12000 or 12001)
        {
            // A wide charset over bytes without zeros (an ASCII-compatible document) is a mislabel.
            return bytes.IndexOf((byte)0) < 0 ? Sniff(bytes, $"{source} is contradicted by bytes with no zero bytes") : new Detected(stated, name, 0, null);
        }

        return new Detected(stated, name, 0, null);
    }

    /// <summary>Valid UTF-8 is UTF-8; otherwise Cyrillic text tells windows-1251 from KOI8-R by where its lower-case letters fall.</summary>
    private static Detected Sniff(ReadOnlySpan<byte> bytes, string? problem)
    {
        if (Utf8.IsValid(bytes))
        {
            return new Detected(Utf8NoBom, "utf-8", 0, problem);
        }

        var (upperHalf, lowerHalf) = (0, 0);
        foreach (var b in bytes)
        {
            if (b >= 0xE0)
            {
                upperHalf++;
            }
            else if (b >= 0xC0)
            {
                lowerHalf++;
            }
        }

        // Russian text is mostly lower case: windows-1251 puts that in 0xE0–0xFF, KOI8-R in 0xC0–0xDF.
        var name = upperHalf + lowerHalf < 8 ? "windows-1252" : upperHalf >= lowerHalf ? "windows-1251" : "koi8-r";
        var encoding = Encoding.GetEncoding(name);
        var note = problem is null ? null : $"{problem}; read as {name}";
        return new Detected(encoding, name, 0, note);
    }

    internal static string? Charset(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return null;
        }

        var at = contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var value = contentType.AsSpan(at + "charset".Length).TrimStart();
        if (value.IsEmpty || value[0] != '=')
        {
            return null;
        }

        value = value[1..].Trim().Trim('"').Trim('\'');
        var end = value.IndexOfAny(';', ' ');
        return (end < 0 ? value : value[..end]).ToString();
    }

    /// <summary>The encoding named in an ASCII-compatible XML declaration, looked for within the first kilobyte (garbage may precede it).</summary>
    internal static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 1024)];
        var start = head.IndexOf("<?xml"u8);
        if (start < 0)
        {
            return null;
        }

        var declaration = head[start..];
        var end = declaration.IndexOf("?>"u8);
        declaration = end < 0 ? declaration : declaration[..end];
        var at = declaration.IndexOf("encoding"u8);
        if (at < 0)
        {
            return null;
        }

        var rest = declaration[(at + "encoding".Length)..].TrimStart(" \t\r\n="u8).TrimStart(" \t\r\n"u8);
        if (rest.IsEmpty || rest[0] is not ((byte)'"' or (byte)'\''))
        {
            return null;
        }

        var close = rest[1..].IndexOf(rest[0]);
        return close < 0 ? null : Encoding.ASCII.GetString(rest.Slice(1, close));
    }

    private static Encoding? Lookup(string name)
    {
        try
        {
            return name.Trim().ToLowerInvariant() switch
            {
                "utf-8" or "utf8" => Utf8NoBom,
                "utf-16le" => new UnicodeEncoding(false, false),
                "utf-16be" => new UnicodeEncoding(true, false),
                "utf-16" or "unicode" => new UnicodeEncoding(false, false),
                "us-ascii" or "ascii" => Utf8NoBom,
                var other => Encoding.GetEncoding(other),
            };
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // Unknown names, and known ones .NET refuses to decode (UTF-7 throws NotSupportedException): no charset.
            return null;
        }
    }
}
