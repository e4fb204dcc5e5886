namespace FeedAggregator.Api;

/// <summary>
/// Who may call what. Reading (the API's GETs, the topic feeds, the page, the OpenAPI document) is checked here, for
/// every request but <c>/health</c>, only when <see cref="ApiOptions.RequireKeyForRead"/> is set: otherwise a topic
/// feed request costs one flag check. Admin endpoints check their own key with <see cref="AdminKeyFilter"/>.
/// </summary>
internal sealed class ReadAccessMiddleware(RequestDelegate next, ApiKeys keys, ILogger<ReadAccessMiddleware> logger)
{
    private static readonly PathString Health = new("/health");

    public Task InvokeAsync(HttpContext http)
    {
        if (!keys.RequireKeyForRead || http.Request.Path == Health)
        {
            return next(http);
        }

        var presented = ApiKeys.Presented(http.Request);
        if (keys.Find(presented) is not { } caller)
        {
            return ApiAccess.Unauthorized(http, keySent: !presented.IsEmpty, logger).ExecuteAsync(http);
        }

        http.Features.Set(caller);
        return next(http);
    }
}

/// <summary>Lets only admin keys through to the endpoints it is put on, and tells them who called.</summary>
internal sealed class AdminKeyFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var logger = services.GetRequiredService<ILogger<AdminKeyFilter>>();
        var presented = ApiKeys.Presented(http.Request);
        if (services.GetRequiredService<ApiKeys>().Find(presented) is not { } caller)
        {
            return ValueTask.FromResult<object?>(ApiAccess.Unauthorized(http, keySent: !presented.IsEmpty, logger));
        }

        if (caller.Scope != ApiScope.Admin)
        {
            logger.LogWarning("Refused {Method} {Path} to key {KeyName}: it is a read key, the endpoint needs an admin key",
                http.Request.Method, http.Request.Path, caller.Name);
            http.Response.Headers.WWWAuthenticate = $"{ApiAccess.Challenge}, error=\"insufficient_scope\", scope=\"admin\"";
            return ValueTask.FromResult<object?>(TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Admin key needed",
                detail: $"The key '{caller.Name}' may read; this endpoint needs a key with the scope 'admin'."));
        }

        http.Features.Set(caller);
        return next(context);
    }
}

public static class ApiAccess
{
    internal const string Challenge = "Bearer realm=\"FeedAggregator\"";

    /// <summary>Puts the endpoints behind an admin key, and says so in the OpenAPI document.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(new AdminKeyFilter());
        builder.WithMetadata(new AdminKeyRequired());
        return builder;
    }

    /// <summary>The name of the key the request was let in with, for logs; "anonymous" when none was needed.</summary>
    public static string CallerName(this HttpContext http) => http.Features.Get<ApiCaller>()?.Name ?? "anonymous";

    internal static IResult Unauthorized(HttpContext http, bool keySent, ILogger logger)
    {
        // RFC 6750 §3: a request without credentials gets the bare challenge; a wrong key is an invalid token.
        if (keySent)
        {
            logger.LogWarning("Refused {Method} {Path}: the API key sent is not a configured key", http.Request.Method, http.Request.Path);
        }

        http.Response.Headers.WWWAuthenticate = keySent ? $"{Challenge}, error=\"invalid_token\"" : Challenge;
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: keySent ? "Unknown API key" : "API key needed",
            detail: keySent
                ? "The key sent is not one of the configured keys (Api:Keys)."
                : $"Send a key as 'Authorization: Bearer <key>' or '{ApiKeys.ApiKeyHeader}: <key>'.");
    }
}

/// <summary>Endpoint metadata: the endpoint needs an admin key. Read by the OpenAPI document.</summary>
internal sealed class AdminKeyRequired;
