namespace FeedAggregator.Configuration;

/// <summary>
/// One problem in an operator's file: which file, where in it (line and column when known), which feed or topic and
/// field, and what to fix. Written the way compilers write them, so editors and terminals can jump to the place.
/// </summary>
public sealed record ConfigError(string File, string Location, string Message)
{
    /// <summary>1-based line in the file, when the problem has a place in it.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column (in characters) on <see cref="Line"/>.</summary>
    public int? Column { get; init; }

    public override string ToString()
    {
        var where = Line is { } line ? $"{File}:{line}:{Column ?? 1}" : File;
        return string.IsNullOrEmpty(Location) ? $"{where}: {Message}" : $"{where}: {Location}: {Message}";
    }
}

/// <summary>Raised when an operator's file cannot be used; carries every error found, not just the first.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(IReadOnlyList<ConfigError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public ConfigException(string message) : base(message) => Errors = [];

    public ConfigException(string message, Exception inner) : base(message, inner) => Errors = [];

    public ConfigException() : this("configuration error") { }

    public IReadOnlyList<ConfigError> Errors { get; }
}
