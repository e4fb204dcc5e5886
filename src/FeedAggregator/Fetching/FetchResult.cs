namespace FeedAggregator.Fetching;

/// <summary>What fetching a feed gave: a body to parse, or a classified failure an operator can act on.</summary>
public sealed record FetchResult
{
    public int? StatusCode { get; init; }

    public Uri? FinalUri { get; init; }

    public byte[]? Body { get; init; }

    public string? ContentType { get; init; }

    public string? ContentLanguage { get; init; }

    /// <summary>One of the error classes in <see cref="FetchErrors"/>; null on success.</summary>
    public string? ErrorClass { get; init; }

    public string? Error { get; init; }

    public bool Succeeded => ErrorClass is null && Body is not null;

    public static FetchResult Failed(string errorClass, string error, int? status = null) =>
        new() { ErrorClass = errorClass, Error = error, StatusCode = status };
}

/// <summary>The error classes operators see; stable strings, documented in the README.</summary>
public static class FetchErrors
{
    public const string Dns = "dns";
    public const string Connect = "connect";
    public const string Timeout = "timeout";
    public const string Tls = "tls";
    public const string Blocked = "blocked";
    public const string NotFound = "not-found";
    public const string Gone = "gone";
    public const string RateLimited = "rate-limited";
    public const string ServerError = "server-error";
    public const string HttpError = "http-error";
    public const string TooLarge = "too-large";
    public const string NotAFeed = "not-a-feed";
    public const string ParseError = "parse-error";

    public static string ForStatus(int status) => status switch
    {
        401 or 403 => Blocked,
        404 => NotFound,
        410 => Gone,
        429 => RateLimited,
        408 => Timeout,
        >= 500 => ServerError,
        _ => HttpError,
    };
}
