using System.Runtime.InteropServices;
using System.Text;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>The HTTP context of a document: its URI (the outermost base), Content-Type and Content-Language headers.</summary>
public sealed record FeedParseOptions(Uri? DocumentUri = null, string? ContentType = null, string? ContentLanguage = null)
{
    public long MaxBytes { get; init; } = FeedParser.DefaultMaxBytes;

    /// <summary>Reads XML with the standard reader only, never <see cref="Utf8XmlReader"/>: the reference the fast path is checked against.</summary>
    internal bool StandardReaderOnly { get; init; }
}

/// <summary>
/// Turns bytes into a <see cref="ParsedFeed"/>. The format is detected from the content, never from the URL or
/// Content-Type. Broken documents are mended and read again; whatever can be recovered is, and the result says why
/// it is not well-formed. Never throws for any input.
/// </summary>
public static class FeedParser
{
    public const long DefaultMaxBytes = 15 * 1024 * 1024;

    public static ParsedFeed Parse(ReadOnlyMemory<byte> content, FeedParseOptions? options = null)
    {
        options ??= new FeedParseOptions();
        if (content.Length > options.MaxBytes)
        {
            return ParsedFeed.NotAFeed($"document is {content.Length} bytes, over the limit of {options.MaxBytes}");
        }

        var detected = FeedEncoding.Detect(content.Span, options.ContentType, trustStatedUtf8: true);
        var body = content[detected.Preamble..];
        if (body.Span.IndexOfAnyExcept(" \t\r\n\0"u8) < 0)
        {
            return ParsedFeed.NotAFeed("empty document", detected.Name);
        }

        ParsedFeed feed;
        try
        {
            if (IsJson(body.Span, detected.Encoding))
            {
                if (detected.Encoding.CodePage == 65001 && !System.Text.Unicode.Utf8.IsValid(body.Span))
                {
                    // As for XML below, and before the parse: JSON reads strings only when asked, and would throw then.
                    detected = FeedEncoding.Detect(content.Span, options.ContentType);
                    body = content[detected.Preamble..];
                }

                feed = ParseJson(body, detected, options);
            }
            else
            {
                feed = ParseXml(body, detected, options);
                if (!feed.WellFormed && detected.Encoding.CodePage == 65001 && !System.Text.Unicode.Utf8.IsValid(body.Span))
                {
                    // A stated UTF-8 the bytes contradict: decide again from the bytes, and read again.
                    detected = FeedEncoding.Detect(content.Span, options.ContentType);
                    body = content[detected.Preamble..];
                    feed = ParseXml(body, detected, options);
                }
            }
        }
        catch (Exception e) when (e is DecoderFallbackException or ArgumentException or InvalidOperationException)
        {
            feed = ParsedFeed.NotAFeed($"unreadable: {e.Message}");
        }

        feed.Encoding ??= detected.Name;
        if (detected.Problem is not null && feed.IsFeed)
        {
            feed.WellFormed = false;
            feed.AddProblem(detected.Problem);
        }

        if (feed.IsFeed)
        {
            Complete(feed, options.ContentLanguage);
        }

        return feed;
    }

    public static ParsedFeed Parse(ReadOnlyMemory<byte> content, Uri? documentUri) => Parse(content, new FeedParseOptions(documentUri));

    private static bool IsJson(ReadOnlySpan<byte> body, Encoding encoding)
    {
        if (encoding.CodePage != 65001)
        {
            var text = encoding.GetString(body[..Math.Min(body.Length, 64)]);
            return text.TrimStart().StartsWith('{');
        }

        var first = body.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && body[first] == (byte)'{';
    }

    private static ParsedFeed ParseJson(ReadOnlyMemory<byte> body, FeedEncoding.Detected detected, FeedParseOptions options)
    {
        // UTF-8 can still be invalid here behind a byte order mark, which no charset overrules: decoded with U+FFFD for what is not.
        var invalid = detected.Encoding.CodePage == 65001 && !System.Text.Unicode.Utf8.IsValid(body.Span);
        var utf8 = detected.Encoding.CodePage == 65001 && !invalid ? body : Encoding.UTF8.GetBytes(detected.Encoding.GetString(body.Span));
        var feed = new ParsedFeed();
        if (invalid)
        {
            feed.WellFormed = false;
            feed.AddProblem("bytes that are not UTF-8 after a UTF-8 byte order mark were read as U+FFFD");
        }

        try
        {
            return JsonFeedParser.Parse(utf8, feed, options.DocumentUri) ? feed : ParsedFeed.NotAFeed("JSON, but not a JSON Feed (no jsonfeed.org version)");
        }
        catch (System.Text.Json.JsonException e)
        {
            if (feed.IsFeed)
            {
                feed.WellFormed = false;
                feed.AddProblem($"not well-formed JSON at line {e.LineNumber + 1}: {e.Message}");
                return feed;
            }

            return ParsedFeed.NotAFeed($"not valid JSON at line {e.LineNumber + 1}: {FirstSentence(e.Message)}");
        }
    }

    private static ParsedFeed ParseXml(ReadOnlyMemory<byte> body, FeedEncoding.Detected detected, FeedParseOptions options)
    {
        if (detected.Encoding.CodePage == 65001 && !options.StandardReaderOnly && TryUtf8(body, options) is { } read)
        {
            return read;
        }

        var feed = new ParsedFeed();
        var error = TryRead(new DecodingReader(body, detected.Encoding), feed, options);
        if (error is null)
        {
            return feed;
        }

        var text = detected.Encoding.GetString(body.Span);
        var repaired = XmlRepair.Repair(text, out var fixes, out var onlyEntities);
        if (fixes.Count > 0)
        {
            var second = new ParsedFeed();
            var secondError = TryRead(new StringReader(repaired), second, options);
            if (second.IsFeed && (secondError is null || second.Items.Count >= feed.Items.Count))
            {
                // Entities a DTD could have declared are not a well-formedness error of a document that has one (XML 1.0, WFC: Entity Declared).
                var excused = onlyEntities && secondError is null && HasExternalDoctype(text);
                if (!excused)
                {
                    second.WellFormed = false;
                    second.AddProblem(error);
                    second.AddProblem("recovered: " + string.Join(", ", fixes));
                }

                if (secondError is not null)
                {
                    second.AddProblem(secondError);
                }

                return second;
            }
        }

        if (!feed.IsFeed)
        {
            return ParsedFeed.NotAFeed(LooksLikeHtml(text) ? "an HTML page (root element <html>)" : error);
        }

        feed.WellFormed = false;
        feed.AddProblem(error);
        return feed;
    }

    /// <summary>
    /// The fast path for the common document, well-formed UTF-8 without a DTD: read straight from the bytes. Null whenever
    /// the document needs anything more (<see cref="Utf8XmlReader"/> says what), and the standard reader reads it again.
    /// </summary>
    private static ParsedFeed? TryUtf8(ReadOnlyMemory<byte> body, FeedParseOptions options)
    {
        if (!Utf8XmlReader.Suits(body.Span))
        {
            return null;
        }

        var feed = new ParsedFeed();
        try
        {
            using var reader = new Utf8XmlReader(body, ParseContext.Settings(options.MaxBytes).NameTable!);
            feed.ReadFromUtf8 = true;
            return TryRead(reader, feed, options.DocumentUri) is null ? feed : null;
        }
        catch (Utf8XmlReader.UnsupportedException)
        {
            return null;
        }
    }

    /// <summary>Reads XML into <paramref name="feed"/>; the error text when the document broke off or is not a feed.</summary>
    private static string? TryRead(TextReader input, ParsedFeed feed, FeedParseOptions options)
    {
        using var textReader = input;
        XmlReader reader;
        try
        {
            reader = XmlReader.Create(textReader, ParseContext.Settings(options.MaxBytes), options.DocumentUri?.AbsoluteUri);
        }
        catch (XmlException e)
        {
            return $"not XML at line {e.LineNumber}, column {e.LinePosition}: {FirstSentence(e.Message)}";
        }

        using (reader)
        {
            return TryRead(reader, feed, options.DocumentUri);
        }
    }

    private static string? TryRead(XmlReader reader, ParsedFeed feed, Uri? documentUri)
    {
        var rootSeen = false;
        try
        {
            if (reader.MoveToContent() != XmlNodeType.Element)
            {
                return "no root element";
            }

            rootSeen = true;
            var context = ParseContext.For(documentUri, reader);
            feed.Format = Detect(reader, context);
            if (feed.Format is null)
            {
                return $"root element <{reader.Name}> is not RSS, RDF or Atom";
            }

            if (feed.Format is FeedFormat.Atom10 or FeedFormat.Atom03)
            {
                AtomParser.Parse(reader, feed, context);
            }
            else
            {
                RssParser.Parse(reader, feed, context);
            }

            return null;
        }
        catch (XmlException e)
        {
            var what = rootSeen ? "not well-formed" : "not XML";
            return $"{what} at line {e.LineNumber}, column {e.LinePosition}: {FirstSentence(e.Message)}";
        }
    }

    private static FeedFormat? Detect(XmlReader reader, ParseContext context)
    {
        var vocabulary = context.Namespaces.Of(reader.NamespaceURI);
        return context.Names.Of(reader.LocalName) switch
        {
            El.Rss => reader.GetAttribute("version")?.Trim() switch
            {
                "0.91" => FeedFormat.Rss091,
                "0.92" => FeedFormat.Rss092,
                "0.93" => FeedFormat.Rss093,
                "0.94" => FeedFormat.Rss094,
                _ => FeedFormat.Rss20,
            },
            El.Rdf => reader.LookupNamespace("")?.Equals(XmlNames.Rss090, StringComparison.OrdinalIgnoreCase) == true
                ? FeedFormat.Rss090
                : FeedFormat.Rss10,
            El.Feed when vocabulary == Vocabulary.Atom03 => FeedFormat.Atom03,
            El.Feed when vocabulary is Vocabulary.Atom10 or Vocabulary.Rss => FeedFormat.Atom10,
            _ => null,
        };
    }

    /// <summary>
    /// What the parse leaves to the whole document: identities for items without one, languages inherited down to items,
    /// and, in Atom and JSON Feed, authors: an entry without its own takes its source's, else the feed's
    /// (RFC 4287 §4.2.1; JSON Feed 1.1, <c>authors</c>).
    /// </summary>
    private static void Complete(ParsedFeed feed, string? contentLanguage)
    {
        feed.Feed.Language ??= SafeXml.NullIfEmpty(contentLanguage);
        var inheritsAuthors = feed.Format is FeedFormat.Atom10 or FeedFormat.Atom03 or FeedFormat.Json10 or FeedFormat.Json11;
        foreach (var item in feed.Items)
        {
            item.Language ??= feed.Feed.Language;
            if (inheritsAuthors && item.Authors.Count == 0)
            {
                var inherited = item.Source?.Authors is { Count: > 0 } sourceAuthors ? sourceAuthors : feed.Feed.Authors;
                if (inherited.Count > 0)
                {
                    item.AuthorList.AddRange(inherited);
                }
            }

            item.Id ??= item.Link is not null
                ? "urn:sha256:" + Hash(item.Link)
                : "urn:sha256:" + Hash((item.Title?.Value ?? "") + "\n" + (item.Content.FirstOrDefault()?.Value ?? item.Summary?.Value ?? ""));
        }
    }

    internal static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    /// <summary>The first 128 bits of SHA-256, in hex: identities and "same bytes as last time".</summary>
    internal static string Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        System.Security.Cryptography.SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest[..16]);
    }

    private static bool HasExternalDoctype(string text)
    {
        var doctype = text.IndexOf("<!DOCTYPE", StringComparison.OrdinalIgnoreCase);
        return doctype >= 0 && doctype < 2048
            && (text.IndexOf("PUBLIC", doctype, Math.Min(200, text.Length - doctype), StringComparison.Ordinal) > 0
                || text.IndexOf("SYSTEM", doctype, Math.Min(200, text.Length - doctype), StringComparison.Ordinal) > 0);
    }

    private static bool LooksLikeHtml(string text) =>
        text.Contains("<html", StringComparison.OrdinalIgnoreCase) || text.Contains("<!doctype html", StringComparison.OrdinalIgnoreCase);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Line ", StringComparison.Ordinal);
        var cleaned = cut > 0 ? message[..cut] : message;
        return cleaned.TrimEnd('.', ' ');
    }
}
