using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FeedAggregator.Api;

/// <summary>
/// The OpenAPI document at <c>GET /openapi/v1.json</c>, generated from the endpoints as mapped, so it cannot drift
/// from them: their names, summaries and response types, and the two ways to send a key as security schemes.
/// </summary>
public static class ApiDocument
{
    public const string Bearer = "bearer";
    public const string ApiKey = "apiKey";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "FeedAggregator",
                    Version = "v1",
                    Description = "Feeds, topics and operations of a FeedAggregator service. See docs/api.md.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Authorization: Bearer <key>, a key of Api:Keys.",
                };
                document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeys.ApiKeyHeader,
                    Description = "The same key in a header of its own, for clients that cannot set Authorization.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var path = context.Description.RelativePath ?? "";
                if (path.StartsWith("health", StringComparison.Ordinal))
                {
                    return Task.CompletedTask;
                }

                // Admin endpoints need a key; the others need one only when Api:RequireKeyForRead is set, which an
                // empty requirement (anonymous) beside the schemes says.
                var admin = context.Description.ActionDescriptor.EndpointMetadata.OfType<AdminKeyRequired>().Any();
                operation.Security = admin ? [] : [new OpenApiSecurityRequirement()];
                operation.Security.Add(Requirement(Bearer, context.Document));
                operation.Security.Add(Requirement(ApiKey, context.Document));
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi().ExcludeFromDescription();
        return routes;
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument? document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };
}
