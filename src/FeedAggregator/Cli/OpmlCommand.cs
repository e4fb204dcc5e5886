using System.CommandLine;
using System.Xml;
using FeedAggregator.Configuration;
using FeedAggregator.Sources;

namespace FeedAggregator.Cli;

/// <summary>
/// <c>opml import FILE [--dry-run]</c>: adds a subscription list's feeds to feeds.json in one validated write;
/// <c>opml export [--out FILE]</c>: every configured feed as OPML 2.0, which <c>opml import</c> reads back to the same
/// ids, URLs, titles, languages and tags.
/// </summary>
internal static class OpmlCommand
{
    public static Command Create(string[] args)
    {
        var file = new Argument<FileInfo>("file") { Description = "An OPML 1.0 or 2.0 file." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would be added and check it, but leave feeds.json alone.", Arity = ArgumentArity.Zero };
        var import = new Command("import", "Add the feeds of an OPML file to feeds.json: categories and the category attribute become tags; "
            + "URLs already configured or repeated are skipped, outlines without a usable URL reported.") { file, dryRun };
        import.SetAction((parse, _) => ImportAsync(args, parse.GetRequiredValue(file), parse.GetValue(dryRun)));

        var output = new Option<FileInfo?>("--out") { Description = "File to write; standard output when omitted." };
        var export = new Command("export", "Write every configured feed as an OPML 2.0 subscription list, in folders by first tag.") { output };
        export.SetAction((parse, cancellationToken) => ExportAsync(args, parse.GetValue(output), cancellationToken));
        return new Command("opml", "Import feeds from an OPML subscription list, or export them to one.") { import, export };
    }

    private static Task<int> ImportAsync(string[] args, FileInfo file, bool dryRun) =>
        FeedsEditCommands.EditAsync(args, async (_, editor) =>
        {
            IReadOnlyList<OpmlOutline> outlines;
            try
            {
                await using var stream = file.OpenRead();
                outlines = OpmlReader.Read(stream);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or XmlException)
            {
                await Console.Error.WriteLineAsync($"error: {file.FullName}: {(e is XmlException ? "not an OPML file: " : "")}{e.Message}").ConfigureAwait(false);
                return 1;
            }

            OpmlImportPlan plan = null!;
            await Terminal.ProgressAsync("Importing " + file.Name, outlines.Count, step =>
            {
                plan = OpmlImport.Plan(outlines, editor.Feeds, step);
                return Task.CompletedTask;
            }).ConfigureAwait(false);

            if (plan.Added.Count > 0)
            {
                editor.Add(plan.Added, dryRun);
            }

            var verb = dryRun ? "would be added" : "added";
            Console.Out.WriteLine($"{plan.Added.Count} {verb}, {plan.Duplicates.Count} skipped as duplicates, {plan.Invalid.Count} invalid.");
            foreach (var duplicate in plan.Duplicates)
            {
                Console.Out.WriteLine($"  duplicate: {duplicate}");
            }

            foreach (var invalid in plan.Invalid)
            {
                Console.Out.WriteLine($"  invalid: {invalid}");
            }

            if (dryRun)
            {
                Console.Out.WriteLine($"Dry run: {editor.DisplayName} is unchanged.");
            }

            return 0;
        });

    private static async Task<int> ExportAsync(string[] args, FileInfo? output, CancellationToken cancellationToken)
    {
        await using var app = AggregatorHost.Build(Commands.HostSettings(args));
        if (await FeedsEditCommands.LoadFeedsFileAsync(app).ConfigureAwait(false) is not { } feeds)
        {
            return Commands.ConfigError;
        }

        var bytes = OpmlWriter.Write(feeds, app.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        if (await Commands.WriteOutputAsync(bytes, output, cancellationToken).ConfigureAwait(false))
        {
            await Console.Error.WriteLineAsync($"Wrote {feeds.Count} feed(s) to {output!.FullName}").ConfigureAwait(false);
        }

        return 0;
    }
}
