namespace FeedAggregator.Fetching;

/// <summary>What to fetch: the URL, and the validators of the last answer for a conditional GET.</summary>
public sealed record FetchRequest(Uri Url, string? ETag = null, string? LastModified = null);

/// <summary>What fetching a feed gave: a body to parse, "not modified", or a classified failure an operator can act on.</summary>
public sealed record FetchResult
{
    public int? StatusCode { get; init; }

    /// <summary>The URL that answered, after redirects.</summary>
    public Uri? FinalUri { get; init; }

    public byte[]? Body { get; init; }

    /// <summary>The server answered 304 to a conditional GET: nothing to parse.</summary>
    public bool NotModified { get; init; }

    public string? ContentType { get; init; }

    public string? ContentLanguage { get; init; }

    public string? ETag { get; init; }

    public string? LastModified { get; init; }

    /// <summary>Where the permanent redirects (301, 308) at the start of the chain led; null when the first answer was not one.</summary>
    public Uri? PermanentRedirect { get; init; }

    /// <summary>The earliest time the server asked to be polled again (<c>Retry-After</c>).</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>Until when the server said its answer stays fresh (<c>Cache-Control: max-age</c>, else <c>Expires</c>).</summary>
    public DateTimeOffset? FreshUntil { get; init; }

    /// <summary>One of the error classes in <see cref="FetchErrors"/>; null on success.</summary>
    public string? ErrorClass { get; init; }

    public string? Error { get; init; }

    public bool Succeeded => ErrorClass is null && (Body is not null || NotModified);

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
