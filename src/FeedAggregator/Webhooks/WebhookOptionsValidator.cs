using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Webhooks;

/// <summary>
/// Checks each endpoint by its annotations (options validation does not look into list entries) and the rules across
/// entries and fields, naming each setting as it is written (<c>Webhooks:Endpoints:1:Url</c>) and never printing a secret.
/// </summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new List<string>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < options.Endpoints.Count; i++)
        {
            var endpoint = options.Endpoints[i];
            var prefix = $"{WebhookOptions.Section}:{nameof(WebhookOptions.Endpoints)}:{i}";
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(endpoint, new ValidationContext(endpoint), results, validateAllProperties: true);
            failures.AddRange(results.SelectMany(r => r.MemberNames.Select(member => $"{prefix}:{member}: {r.ErrorMessage}")));

            if (endpoint.Name is { } endpointName && !names.TryAdd(endpointName, i))
            {
                failures.Add($"{prefix}:Name: '{endpointName}' is already the name of {WebhookOptions.Section}:{nameof(WebhookOptions.Endpoints)}:{names[endpointName]}");
            }

            if (!string.IsNullOrEmpty(endpoint.Url)
                && (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
            {
                // The URL is not printed either: receivers often carry a token of their own in it.
                failures.Add($"{prefix}:Url: must be an absolute http or https URL");
            }

            if (endpoint.Topics.Count == 0 || endpoint.Topics.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add($"{prefix}:Topics: must name at least one topic id, none of them empty");
            }

            foreach (var unknown in endpoint.Events.Where(e => !WebhookEndpointSetting.AllowedEvents.Contains(e, StringComparer.Ordinal)))
            {
                failures.Add($"{prefix}:Events: '{unknown}' is not one of {string.Join(", ", WebhookEndpointSetting.AllowedEvents)} (new items in a topic are topic.joined)");
            }
        }

        if (options.InitialDelay > options.MaxDelay)
        {
            failures.Add($"{WebhookOptions.Section}:{nameof(WebhookOptions.InitialDelay)}: is longer than {WebhookOptions.Section}:{nameof(WebhookOptions.MaxDelay)}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
