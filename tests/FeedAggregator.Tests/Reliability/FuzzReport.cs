using System.Globalization;
using System.Text;

namespace FeedAggregator.Tests.Reliability;

/// <summary>A campaign's counts, filled from every worker: cases per mutation and outcome, the slowest case and the greediest.</summary>
internal sealed class FuzzReport(ulong seed, FuzzLimits limits)
{
    /// <summary>Inputs at least this large show what allocation grows with; smaller ones mostly show fixed costs.</summary>
    public const int LargeInput = 64 * 1024;

    private const int KeptFailures = 100;

    private static readonly FuzzOutcome[] Outcomes = Enum.GetValues<FuzzOutcome>();

    private readonly Lock gate = new();
    private readonly long[,] byMutation = new long[FuzzMutator.Kinds.Length, Outcomes.Length];
    private readonly long[] byOutcome = new long[Outcomes.Length];
    private readonly List<FuzzFailure> failures = [];

    public ulong Seed { get; } = seed;

    public long Cases { get; private set; }

    public long InputBytes { get; private set; }

    public long FailureCount { get; private set; }

    public TimeSpan Slowest { get; private set; }

    public string SlowestCase { get; private set; } = "none";

    /// <summary>The largest share of its allocation limit any case used (1 = at the limit).</summary>
    public double WorstBudgetUse { get; private set; }

    public string WorstBudgetCase { get; private set; } = "none";

    /// <summary>The most bytes allocated per input byte by a case of at least <see cref="LargeInput"/> bytes.</summary>
    public double WorstLargeRatio { get; private set; }

    public string WorstLargeRatioCase { get; private set; } = "none";

    public long MostAllocated { get; private set; }

    public IReadOnlyList<FuzzFailure> Failures
    {
        get
        {
            lock (gate)
            {
                return [.. failures];
            }
        }
    }

    public long Count(FuzzOutcome outcome)
    {
        lock (gate)
        {
            return byOutcome[(int)outcome];
        }
    }

    /// <summary>Cases that applied <paramref name="mutation"/> at least once.</summary>
    public long Count(FuzzMutation mutation)
    {
        lock (gate)
        {
            return Outcomes.Sum(outcome => byMutation[(int)mutation, (int)outcome]);
        }
    }

    public void Add(FuzzCase fuzzCase, FuzzResult result)
    {
        var budget = (double)result.AllocatedBytes / limits.AllowedBytes(fuzzCase.Bytes.Length);
        var ratio = fuzzCase.Bytes.Length >= LargeInput ? (double)result.AllocatedBytes / fuzzCase.Bytes.Length : 0;
        lock (gate)
        {
            Cases++;
            InputBytes += fuzzCase.Bytes.Length;
            byOutcome[(int)result.Outcome]++;
            foreach (var mutation in fuzzCase.Mutations.Distinct())
            {
                byMutation[(int)mutation, (int)result.Outcome]++;
            }

            MostAllocated = Math.Max(MostAllocated, result.AllocatedBytes);
            if (result.Elapsed > Slowest)
            {
                Slowest = result.Elapsed;
                SlowestCase = fuzzCase.ToString();
            }

            if (budget > WorstBudgetUse)
            {
                WorstBudgetUse = budget;
                WorstBudgetCase = $"{fuzzCase}: {result.AllocatedBytes:N0} bytes allocated";
            }

            if (ratio > WorstLargeRatio)
            {
                WorstLargeRatio = ratio;
                WorstLargeRatioCase = $"{fuzzCase}: {result.AllocatedBytes:N0} bytes allocated";
            }
        }
    }

    public void Fail(FuzzFailure failure)
    {
        lock (gate)
        {
            FailureCount++;
            if (failures.Count < KeptFailures)
            {
                failures.Add(failure);
            }
        }
    }

    public string Summary()
    {
        lock (gate)
        {
            var text = new StringBuilder();
            var culture = CultureInfo.InvariantCulture;
            text.AppendLine(culture, $"seed {Seed}: {Cases:N0} cases, {InputBytes / (1024.0 * 1024):N1} MiB of input, {FailureCount} failure(s)");
            text.AppendLine(culture, $"{"mutation",-14}{"cases",12}{string.Concat(Outcomes.Select(o => $"{o,12}"))}");
            foreach (var mutation in FuzzMutator.Kinds)
            {
                var row = Outcomes.Select(outcome => byMutation[(int)mutation, (int)outcome]).ToList();
                text.AppendLine(culture, $"{mutation,-14}{row.Sum(),12:N0}{string.Concat(row.Select(n => $"{n,12:N0}"))}");
            }

            text.AppendLine(culture, $"{"all",-14}{Cases,12:N0}{string.Concat(byOutcome.Select(n => $"{n,12:N0}"))}");
            text.AppendLine(culture, $"slowest: {Slowest.TotalMilliseconds:N0} ms, {SlowestCase}");
            text.AppendLine(culture, $"most of the allocation limit used: {WorstBudgetUse:P1}, {WorstBudgetCase}");
            text.AppendLine(culture, $"worst allocation per input byte (inputs of {LargeInput / 1024} KiB or more): {WorstLargeRatio:N1}, {WorstLargeRatioCase}");
            text.AppendLine(culture, $"most allocated by one case: {MostAllocated / (1024.0 * 1024):N1} MiB");
            return text.ToString();
        }
    }
}
