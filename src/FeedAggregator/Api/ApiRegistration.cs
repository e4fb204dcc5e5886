using Microsoft.Extensions.Options;

namespace FeedAggregator.Api;

public static class ApiRegistration
{
    public static IHostApplicationBuilder AddApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        builder.Services.AddSingleton<ApiKeys>();
        builder.Services.AddApiDocument();
        return builder;
    }

    /// <summary>Security headers on everything; error bodies next, so that they also cover a refused key; then who may read.</summary>
    public static WebApplication UseApi(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseApiErrors();
        app.UseMiddleware<ReadAccessMiddleware>();
        return app;
    }

    /// <summary>The API's endpoints, each under the access rules of <see cref="ApiAccess"/>.</summary>
    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapFeedsApi();
        app.MapTopicsApi();
        app.MapConfigApi();
        // The item endpoints are mapped in a group so they can be described without changing how they are written.
        app.MapGroup("")
            .WithTags("Items")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, contentTypes: ["application/json"]))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .MapItemsApi();
        app.MapApiDocument();
        return app;
    }
}
