namespace FeedAggregator.Parsing;

/// <summary>Reads the ways feeds write a person in one string: <c>jane@example.org (Jane Doe)</c>, <c>Jane Doe &lt;jane@example.org&gt;</c>, an address, or a name.</summary>
internal static class People
{
    public static Person? FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        var open = value.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && value.EndsWith(')') && IsEmail(value.AsSpan(0, open).Trim()))
        {
            return new Person(SafeXml.NullIfEmpty(value[(open + 1)..^1]), value[..open].Trim(), null);
        }

        var angle = value.IndexOf('<', StringComparison.Ordinal);
        if (angle >= 0 && value.EndsWith('>') && IsEmail(value.AsSpan(angle + 1, value.Length - angle - 2).Trim()))
        {
            return new Person(SafeXml.NullIfEmpty(value[..angle].Trim().Trim('"')), value[(angle + 1)..^1].Trim(), null);
        }

        return IsEmail(value) ? new Person(null, value, null) : new Person(value, null, null);
    }

    private static bool IsEmail(ReadOnlySpan<char> text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at < text.Length - 1 && text.IndexOfAny(' ', '\t', '<') < 0;
    }
}
