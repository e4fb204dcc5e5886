using System.Globalization;

namespace FeedAggregator.Tests.Security;

/// <summary>Checks published fields by their kind, counts them, and gathers every problem so one run reports them all.</summary>
internal sealed class InertnessReport
{
    private readonly List<string> problems = [];
    private readonly Dictionary<FieldKind, int> counts = [];

    public IReadOnlyList<string> Problems => problems;

    public int Count(FieldKind kind) => counts.GetValueOrDefault(kind);

    public void Add(string problem) => problems.Add(problem);

    /// <summary>HTML must be inert in a browser's tree; URLs absolute http(s); identifiers ours; text is text wherever it stands.</summary>
    public void Check(PublishedField field)
    {
        counts[field.Kind] = Count(field.Kind) + 1;
        switch (field.Kind)
        {
            case FieldKind.Html:
                foreach (var problem in InertHtml.Check(field.Value))
                {
                    problems.Add($"{field}\n    -> {problem}");
                }

                break;
            case FieldKind.Url when !InertHtml.IsWebUrl(field.Value):
                problems.Add($"{field}\n    -> not an absolute http(s) URL");
                break;
            case FieldKind.Id when !PublishedFields.IsIdentifier(field.Value):
                problems.Add($"{field}\n    -> not an identifier of ours");
                break;
            default:
                break;
        }
    }

    public void CheckAll(IEnumerable<PublishedField> fields)
    {
        foreach (var field in fields)
        {
            Check(field);
        }
    }

    public string Summary => string.Join(", ", Enum.GetValues<FieldKind>().Select(k => $"{Count(k).ToString(CultureInfo.InvariantCulture)} {k}"));

    public void AssertNone(string what)
    {
        TestContext.Out.WriteLine($"{what}: checked {Summary}");
        Assert.That(problems, Is.Empty, $"{what}: {problems.Count} problems, the first:\n{string.Join("\n", problems.Take(40))}");
    }
}
