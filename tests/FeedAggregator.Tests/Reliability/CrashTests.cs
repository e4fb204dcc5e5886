using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// The crash loop of <c>bench … crash</c>, short: the real service as its own process, killed with SIGKILL twice while it
/// creates a new store and five times while it ingests from a loopback publisher, and started again each time
/// (docs/reliability.md).
/// </summary>
[NonParallelizable]
public sealed class CrashTests
{
    [Test]
    public async Task Sigkill_DuringIngest_LeavesAnIntactStoreThatStillServesAndResumes()
    {
        using var folder = new TempDirectory();
        var options = new CrashOptions
        {
            Folder = folder.Path,
            RepositoryRoot = Repository.Root,
            FirstStarts = 2,
            Kills = 5,
            // Seed 12 draws two kills at start-up, one aimed at an open write transaction and two at random moments.
            Seed = 12,
            Feeds = 40,
            Hosts = 4,
            PollSeconds = 5,
            ItemPeriod = TimeSpan.FromSeconds(0.5),
            MaxIngestDelay = TimeSpan.FromSeconds(3),
        };

        var report = await new CrashLoop(options, TestContext.Progress).RunAsync();
        var summary = report.Describe();
        await TestContext.Progress.WriteLineAsync(summary);

        Assert.Multiple(() =>
        {
            Assert.That(report.Failures, Is.Empty, summary);
            Assert.That(report.Kills, Has.Count.EqualTo(5), "every kill happened");
            Assert.That(report.FirstStarts, Has.Count.EqualTo(2).And.All.Matches<CrashFirstStart>(f => f!.FirstPoll is not null),
                "every store killed while it was created came up again and polled");
            Assert.That(report.Kills.Where(k => k.State is not null).Select(k => k.State!.Integrity), Has.All.EqualTo("ok"));
            Assert.That(report.Final?.Items, Is.GreaterThan(0), "the service stored items");
            Assert.That(report.ServedItems, Is.GreaterThan(0), "the topic feeds served items to check");
            Assert.That(report.Restarts.Sum(r => r.ServedChecked), Is.GreaterThan(0), "served items were looked for after a restart");
            Assert.That(report.Restarts, Is.Not.Empty.And.All.Matches<CrashRestart>(r => r!.FirstPoll is not null && r.FirstNewItem is not null),
                "every checked restart polled and stored new items by itself");
            Assert.That(report.Publisher?.Served, Is.GreaterThan(0), "the publisher served items");
            Assert.That(report.Publisher?.Lost, Is.Empty, "every item a completed poll read was stored");
        });
    }
}
