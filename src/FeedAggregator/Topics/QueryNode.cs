namespace FeedAggregator.Topics;

/// <summary>The parts of an item's text a term can be scoped to; unscoped terms look at <see cref="Default"/>.</summary>
[Flags]
internal enum TextFields
{
    None = 0,
    Title = 1,
    Summary = 2,
    Content = 4,
    Category = 8,
    Author = 16,
    Default = Title | Summary | Content | Category,
}

/// <summary>A compiled query, as a tree. <see cref="Start"/> and <see cref="End"/> are the node's span in the query text.</summary>
internal abstract record QueryNode(int Start, int End);

/// <summary>A word, a prefix or a phrase: folded words in a row, each exact or a prefix, in any of <see cref="Fields"/>.</summary>
internal sealed record TermNode(int Start, int End, string[] Words, bool[] Prefix, TextFields Fields) : QueryNode(Start, End)
{
    /// <summary>Pattern ids of the words, given by the matcher that compiles the query.</summary>
    public int[] Patterns { get; set; } = [];
}

/// <summary>Two terms (or groups of alternative terms) within <see cref="Distance"/> words of each other, in either order, in one field.</summary>
internal sealed record NearNode(int Start, int End, IReadOnlyList<TermNode> Left, IReadOnlyList<TermNode> Right, int Distance) : QueryNode(Start, End);

internal sealed record AndNode(int Start, int End, IReadOnlyList<QueryNode> Parts) : QueryNode(Start, End);

internal sealed record OrNode(int Start, int End, IReadOnlyList<QueryNode> Parts) : QueryNode(Start, End);

internal sealed record NotNode(int Start, int End, QueryNode Part) : QueryNode(Start, End);

/// <summary><c>feed:</c> (a feed id or one of its tags) or <c>lang:</c> (a language, matching its regional forms too).</summary>
internal sealed record ValueNode(int Start, int End, string Field, string Value) : QueryNode(Start, End);

/// <summary>A query that does not compile: the 1-based column and the reason.</summary>
internal sealed class QueryException(int column, string reason) : FormatException($"col {column}: {reason}")
{
    public int Column { get; } = column;

    public string Reason { get; } = reason;
}
