namespace FeedAggregator.Api;

/// <summary>
/// Headers on every response: <c>X-Content-Type-Options: nosniff</c>, so a browser never reads a feed or a JSON body
/// that holds other people's text as HTML, and a Content-Security-Policy that lets nothing load or run should one be
/// opened in a browser anyway. The HTML page sets its own policy, which takes the place of this one.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>The policy of everything but the page: a document that needs nothing from anywhere and may not be framed.</summary>
    public const string NothingPolicy = "default-src 'none'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        // Added as the response starts rather than now, so that they also cover responses an error handler starts afresh.
        app.Use((http, next) =>
        {
            http.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.XContentTypeOptions = "nosniff";
                if (!headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.ContentSecurityPolicy))
                {
                    headers.ContentSecurityPolicy = NothingPolicy;
                }

                return Task.CompletedTask;
            }, http.Response);
            return next(http);
        });
        return app;
    }
}
