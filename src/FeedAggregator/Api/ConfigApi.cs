using FeedAggregator.Sources;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FeedAggregator.Api;

/// <summary>
/// <c>POST /api/config/reload</c> (admin): read feeds.json and topics.json now instead of waiting for the file watcher,
/// and learn at once whether the edit was put in force or refused, and why.
/// </summary>
public static class ConfigApi
{
    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/config/reload", Reload)
            .WithTags("Configuration")
            .WithName("ReloadConfig")
            .WithSummary("Read the feeds and topics files now and put them in force when they validate")
            .RequireAdminKey()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return routes;
    }

    /// <summary>The version in force after the reload: <see cref="Result"/> is <c>applied</c> or <c>unchanged</c>.</summary>
    public sealed record ReloadAnswer(string Result, int Version, string FeedsSha256, string TopicsSha256);

    private static Results<Ok<ReloadAnswer>, ProblemHttpResult> Reload(HttpContext http, OperatorConfig config, ILoggerFactory loggers)
    {
        var result = config.Reload();
        var logger = loggers.CreateLogger(typeof(ConfigApi).FullName!);
        var version = config.Current;
        if (result == ReloadResult.Rejected)
        {
            var errors = config.Rejected?.Errors.Select(e => e.ToString()).ToList() ?? [];
            logger.LogWarning("Key {KeyName} asked for a reload: refused, version {Version} stays in force. {ErrorCount} error(s): {Errors}",
                http.CallerName(), version.Number, errors.Count, string.Join(Environment.NewLine, errors));
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Configuration refused",
                detail: $"The files do not validate; version {version.Number} stays in force.",
                extensions: new Dictionary<string, object?> { ["errors"] = errors, ["version"] = version.Number });
        }

        var text = result == ReloadResult.Applied ? "applied" : "unchanged";
        logger.LogInformation("Key {KeyName} asked for a reload: {Result}, version {Version} in force", http.CallerName(), text, version.Number);
        return TypedResults.Ok(new ReloadAnswer(text, version.Number, version.FeedsSha256, version.TopicsSha256));
    }
}
