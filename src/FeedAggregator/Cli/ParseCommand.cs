using System.CommandLine;
using System.Text.Json;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;

namespace FeedAggregator.Cli;

/// <summary>
/// <c>parse FILE…</c> prints each feed's normalised JSON, indented; <c>parse --jsonl</c> reads one request per line
/// from standard input (<c>{"path", "baseUri", "contentType", "contentLanguage"}</c>) and writes one compact line
/// per request. No host, no store: it shows exactly what the pipeline sees, thousands of files in one process.
/// </summary>
internal static class ParseCommand
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Feed files to parse.", Arity = ArgumentArity.ZeroOrMore };
        var jsonl = new Option<bool>("--jsonl") { Description = "Read JSON requests from standard input, one per line; write one JSON line each." };
        var command = new Command("parse", "Print the normalised JSON of feed files.") { files, jsonl };
        command.SetAction((parse, cancellationToken) => parse.GetValue(jsonl)
            ? RunLinesAsync(Console.In, Console.OpenStandardOutput(), cancellationToken)
            : RunFilesAsync(parse.GetValue(files) ?? [], Console.OpenStandardOutput(), cancellationToken));
        return command;
    }

    internal static async Task<int> RunFilesAsync(FileInfo[] files, Stream stdout, CancellationToken cancellationToken)
    {
        if (files.Length == 0)
        {
            await Console.Error.WriteLineAsync("error: name at least one file, or use --jsonl").ConfigureAwait(false);
            return 1;
        }

        var failed = 0;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using (var json = new Utf8JsonWriter(stdout, Indented))
            {
                failed += Write(json, new ParseRequest(file.FullName, null, null, null)) ? 0 : 1;
            }

            stdout.WriteByte((byte)'\n');
        }

        return failed == 0 ? 0 : 1;
    }

    internal static async Task<int> RunLinesAsync(TextReader input, Stream output, CancellationToken cancellationToken)
    {
        var buffered = new BufferedStream(output, 1 << 16);
        await using (buffered.ConfigureAwait(false))
        {
            string? line;
            while ((line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false)) is not null)
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                using (var json = new Utf8JsonWriter(buffered, Compact))
                {
                    var request = ParseRequest.FromJson(line, out var error);
                    if (request is null)
                    {
                        json.WriteStartObject();
                        json.WriteString("error", error);
                        json.WriteEndObject();
                    }
                    else
                    {
                        Write(json, request);
                    }
                }

                buffered.WriteByte((byte)'\n');
            }
        }

        return 0;
    }

    /// <summary>Parses and normalises one file and writes its JSON; false when the file could not be read.</summary>
    private static bool Write(Utf8JsonWriter json, ParseRequest request)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(request.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            json.WriteStartObject();
            json.WriteString("path", request.Path);
            json.WriteString("error", $"cannot read {request.Path}: {e.Message}");
            json.WriteEndObject();
            return false;
        }

        var options = new FeedParseOptions(request.BaseUri, request.ContentType, request.ContentLanguage);
        var feed = FeedNormaliser.Normalise(FeedParser.Parse(bytes, options), request.BaseUri);
        FeedJson.WriteFeed(json, feed, request.Path);
        return true;
    }

    private sealed record ParseRequest(string Path, Uri? BaseUri, string? ContentType, string? ContentLanguage)
    {
        public static ParseRequest? FromJson(string line, out string? error)
        {
            error = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("path", out var path) || path.ValueKind != JsonValueKind.String)
                {
                    error = "each request needs a \"path\" string";
                    return null;
                }

                var baseUri = Get(root, "baseUri") is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
                return new ParseRequest(path.GetString()!, baseUri, Get(root, "contentType"), Get(root, "contentLanguage"));
            }
            catch (JsonException e)
            {
                error = $"request is not JSON: {e.Message}";
                return null;
            }
        }

        private static string? Get(JsonElement root, string name) =>
            root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
