using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Hostile feeds (issue 9): valid fixtures mutated (bit flips, truncations, splices, encoding swaps, huge attributes,
/// deep nesting, NUL bytes, invalid UTF-8) and fed through parse and normalise. A few thousand cases of a fixed seed
/// here; the bench driver runs a million of a random one (docs/reliability.md).
/// </summary>
public sealed class FuzzTests
{
    private const ulong Seed = 20_250_909;
    private const int Cases = 3_000;

    private static readonly Lazy<FuzzMutator> Mutator = new(() => new FuzzMutator(LoadFixtures()));

    [Test]
    public void Fuzz_FixedSeed_NoCrashNoHangAndBoundedAllocation()
    {
        var threads = Math.Clamp(Environment.ProcessorCount, 1, 2);

        // Twice the bench driver's deadline: a debug build on a shared machine. A hang outlives any deadline.
        var limits = FuzzLimits.Default with { Deadline = FuzzLimits.Default.Deadline * 2 };

        var report = new FuzzCampaign(Mutator.Value, Seed, limits).Run(0, Cases, threads);

        TestContext.Out.Write(report.Summary());
        Assert.Multiple(() =>
        {
            Assert.That(report.Failures, Is.Empty, () => string.Join(Environment.NewLine, report.Failures.Select(failure =>
                $"{failure}{Environment.NewLine}  replay: dotnet run -c Release --project bench/FeedAggregator.Benchmarks -- fuzz --seed {Seed} --case {failure.Case.Index}")));
            Assert.That(report.Cases, Is.EqualTo(Cases), "cases run");
            foreach (var mutation in FuzzMutator.Kinds)
            {
                Assert.That(report.Count(mutation), Is.GreaterThan(Cases / 20), $"cases with {mutation}");
            }

            // The mutations leave some documents readable, mend others and ruin the rest: all three paths are exercised.
            Assert.That(report.Count(FuzzOutcome.Feed), Is.GreaterThan(Cases / 20), "read as well-formed");
            Assert.That(report.Count(FuzzOutcome.Recovered), Is.GreaterThan(Cases / 20), "recovered");
            Assert.That(report.Count(FuzzOutcome.NotAFeed), Is.GreaterThan(Cases / 20), "refused");
        });
    }

    [Test]
    public void Generate_SameSeedAndCase_SameDocument()
    {
        var again = new FuzzMutator(LoadFixtures());

        foreach (var index in (long[])[0, 1, 77, 2_999, 999_999])
        {
            var first = Mutator.Value.Generate(Seed, index);
            var second = again.Generate(Seed, index);

            Assert.That(second.Bytes, Is.EqualTo(first.Bytes), $"case {index}");
            Assert.That(second.ToString(), Is.EqualTo(first.ToString()), $"case {index}");
        }
    }

    [Test]
    public void Generate_OtherCasesAndSeeds_OtherDocuments()
    {
        var documents = Enumerable.Range(0, 100).Select(index => Convert.ToHexString(Mutator.Value.Generate(Seed, index).Bytes)).ToHashSet();
        var otherSeed = Enumerable.Range(0, 100).Count(index => Mutator.Value.Generate(Seed + 1, index).Bytes.SequenceEqual(Mutator.Value.Generate(Seed, index).Bytes));

        Assert.That(documents, Has.Count.GreaterThan(95));
        Assert.That(otherSeed, Is.LessThan(5));
    }

    private static IReadOnlyList<FuzzFixture> LoadFixtures() =>
        FuzzFixture.Load(Path.Combine(Repository.Root, "tests", "FeedAggregator.Tests", "Fixtures"));
}
