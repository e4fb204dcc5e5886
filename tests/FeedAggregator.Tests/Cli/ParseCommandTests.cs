using System.Text;
using System.Text.Json;
using FeedAggregator.Cli;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Cli;

public sealed class ParseCommandTests
{
    private static string Fixture(string name) => Repository.Fixture("Parsing/" + name);

    [Test]
    public async Task Parse_Files_PrintsIndentedNormalisedJsonForEach()
    {
        using var output = new MemoryStream();

        var code = await ParseCommand.RunFilesAsync([new FileInfo(Fixture("rss092.xml")), new FileInfo(Fixture("atom03.xml"))], output, CancellationToken.None);

        var text = Encoding.UTF8.GetString(output.ToArray());
        Assert.That(code, Is.Zero);
        Assert.That(text, Does.Contain("\n  \"wellFormed\": true"));
        var documents = ReadAll(text);
        Assert.That(documents.Select(d => d.GetProperty("format").GetString()), Is.EqualTo(new[] { "rss092", "atom03" }));
    }

    [Test]
    public async Task Parse_Jsonl_AnswersEachRequestOnOneLineEchoingPath()
    {
        var requests = string.Join('\n',
            JsonSerializer.Serialize(new { path = Fixture("ru-windows1251-nodecl.xml"), contentType = "application/rss+xml; charset=windows-1251", baseUri = "http://vestnik.example.ru/rss", contentLanguage = "ru" }),
            JsonSerializer.Serialize(new { path = Fixture("html-page.html") }),
            JsonSerializer.Serialize(new { path = "/no/such/file.xml" }),
            "{ not json",
            JsonSerializer.Serialize(new { path = Fixture("jsonfeed11.json") }));
        using var output = new MemoryStream();

        var code = await ParseCommand.RunLinesAsync(new StringReader(requests), output, CancellationToken.None);

        var lines = Encoding.UTF8.GetString(output.ToArray()).TrimEnd('\n').Split('\n');
        Assert.That(code, Is.Zero);
        Assert.That(lines, Has.Length.EqualTo(5));
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.That(parsed[0].GetProperty("path").GetString(), Is.EqualTo(Fixture("ru-windows1251-nodecl.xml")));
        Assert.That(parsed[0].GetProperty("encoding").GetString(), Is.EqualTo("windows-1251"));
        Assert.That(parsed[0].GetProperty("items")[0].GetProperty("title").GetProperty("value").GetString(), Does.StartWith("Торговля людьми"));
        Assert.That(parsed[1].TryGetProperty("format", out _), Is.False);
        Assert.That(parsed[1].GetProperty("problems")[0].GetString(), Does.StartWith("not a feed"));
        Assert.That(parsed[2].GetProperty("error").GetString(), Does.StartWith("cannot read /no/such/file.xml"));
        Assert.That(parsed[3].GetProperty("error").GetString(), Does.StartWith("request is not JSON"));
        Assert.That(parsed[4].GetProperty("format").GetString(), Is.EqualTo("json11"));
    }

    [Test]
    public async Task Parse_Jsonl_OutputIsSanitised()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("x.xml", """
            <rss version="2.0"><channel><item><guid>1</guid>
              <description>&lt;p onclick="x()"&gt;Hi&lt;script&gt;alert(1)&lt;/script&gt;&lt;a href="javascript:alert(1)"&gt;link&lt;/a&gt;&lt;img src="/a.png"&gt;&lt;/p&gt;</description>
            </item></channel></rss>
            """);
        using var output = new MemoryStream();

        await ParseCommand.RunLinesAsync(new StringReader(JsonSerializer.Serialize(new { path, baseUri = "https://example.org/feed" })), output, CancellationToken.None);

        var summary = JsonDocument.Parse(output.ToArray()).RootElement.GetProperty("items")[0].GetProperty("summary").GetProperty("value").GetString();
        Assert.That(summary, Does.Not.Contain("script").And.Not.Contain("onclick").And.Not.Contain("javascript:"));
        Assert.That(summary, Does.Contain("src=\"https://example.org/a.png\""));
    }

    /// <summary>The documents of concatenated indented JSON: each ends with a '}' alone on its line.</summary>
    private static List<JsonElement> ReadAll(string text) =>
        [.. text.Split("\n}\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => JsonDocument.Parse(part + "\n}").RootElement)];
}
