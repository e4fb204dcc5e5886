using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Configuration;

/// <summary>The <c>Aggregator</c> section of appsettings.json: where the service keeps its data and finds operators' files.</summary>
public sealed class AggregatorOptions
{
    public const string Section = "Aggregator";

    /// <summary>Folder holding feedaggregator.db (and later the static topic feeds). Relative to the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "data";

    [Required(AllowEmptyStrings = false)]
    public string FeedsFile { get; set; } = "config/feeds.json";

    [Required(AllowEmptyStrings = false)]
    public string TopicsFile { get; set; } = "config/topics.json";

    /// <summary>Absolute base URL under which the topic feeds are reachable; when empty, the request's own host is used.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The base URL feeds are published under, ending in '/': PublicBaseUrl when set, else <paramref name="fallback"/>.</summary>
    public Uri PublicBase(string fallback)
    {
        var text = string.IsNullOrEmpty(PublicBaseUrl) ? fallback : PublicBaseUrl;
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }
}

internal sealed class AggregatorOptionsValidator : IValidateOptions<AggregatorOptions>
{
    public ValidateOptionsResult Validate(string? name, AggregatorOptions options)
    {
        if (!string.IsNullOrEmpty(options.PublicBaseUrl)
            && (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            return ValidateOptionsResult.Fail(
                $"Aggregator:PublicBaseUrl: '{options.PublicBaseUrl}' is not an absolute http or https URL");
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>Resolves the options' relative paths against the host's content root once, so every stage agrees on them.</summary>
public sealed class AggregatorPaths(IOptions<AggregatorOptions> options, IHostEnvironment environment)
{
    public string DataDirectory { get; } = Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath);

    public string FeedsFile { get; } = Path.GetFullPath(options.Value.FeedsFile, environment.ContentRootPath);

    public string TopicsFile { get; } = Path.GetFullPath(options.Value.TopicsFile, environment.ContentRootPath);

    public string DatabaseFile => Path.Combine(DataDirectory, "feedaggregator.db");

    /// <summary>How a path is shown to operators: as they wrote it in settings.</summary>
    public string FeedsFileDisplay { get; } = options.Value.FeedsFile;

    public string TopicsFileDisplay { get; } = options.Value.TopicsFile;
}

public static class ConfigurationRegistration
{
    public static IHostApplicationBuilder AddAggregatorConfiguration(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AggregatorOptions>()
            .BindConfiguration(AggregatorOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AggregatorOptions>, AggregatorOptionsValidator>();
        builder.Services.AddSingleton<AggregatorPaths>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
