namespace FeedAggregator.Configuration;

/// <summary>One problem in an operator's file: which file, where, and what to fix.</summary>
public sealed record ConfigError(string File, string Location, string Message)
{
    public override string ToString() =>
        string.IsNullOrEmpty(Location) ? $"{File}: {Message}" : $"{File}: {Location}: {Message}";
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
