namespace FeedAggregator.Api;

/// <summary>
/// Every error the service answers is problem details (RFC 9457), whatever the client's <c>Accept</c>: endpoints write
/// their own; these cover what no endpoint writes, an unmatched route or method and an unexpected exception.
/// </summary>
public static class ApiErrors
{
    public static WebApplication UseApiErrors(this WebApplication app)
    {
        // An exception's message and stack trace stay in the log: they can name files, SQL and settings.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = http => TypedResults.Problem(
                statusCode: StatusCodes.Status500InternalServerError,
                title: "Internal error",
                detail: "The request failed on the server; its log has the details.").ExecuteAsync(http),
        });
        // Only responses that have no body yet (a route or method that is not served) get one here.
        app.UseStatusCodePages(context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var detail = status switch
            {
                StatusCodes.Status404NotFound => $"Nothing is served at {http.Request.Path}.",
                StatusCodes.Status405MethodNotAllowed => $"{http.Request.Method} is not allowed at {http.Request.Path}.",
                _ => null,
            };
            return TypedResults.Problem(statusCode: status, detail: detail).ExecuteAsync(http);
        });
        return app;
    }
}
