using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Api;

/// <summary>The <c>Api</c> section: the keys that may call the API, and whether reading needs one.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>The keys that may call the API, each with a name (what the logs show instead of the key) and a scope.</summary>
    public List<ApiKeySetting> Keys { get; set; } = [];

    /// <summary>
    /// When true, everything but <c>/health</c> (the API's reads, the topic feeds, the page, the OpenAPI document)
    /// needs a read or admin key. Admin endpoints need an admin key either way.
    /// </summary>
    public bool RequireKeyForRead { get; set; }
}

/// <summary>One entry of <c>Api:Keys</c>.</summary>
public sealed class ApiKeySetting
{
    public const int MinKeyLength = 16;
    public const int MaxKeyLength = 512;

    /// <summary>Shown in logs in place of the key, so it must be plain text that reads well in a log line.</summary>
    [Required(ErrorMessage = "is required")]
    [RegularExpression("^[A-Za-z0-9._-]{1,64}$", ErrorMessage = "must be 1 to 64 letters, digits, '.', '_' or '-'")]
    public string? Name { get; set; }

    // Messages never include the value: it is a secret, and settings errors are printed.
    [Required(ErrorMessage = "is required")]
    [StringLength(MaxKeyLength, MinimumLength = MinKeyLength, ErrorMessage = "must be 16 to 512 characters long")]
    [RegularExpression("^[\\x21-\\x7E]*$", ErrorMessage = "must be visible ASCII characters, without spaces")]
    public string? Key { get; set; }

    [Required(ErrorMessage = "is required")]
    [RegularExpression("^(read|admin)$", ErrorMessage = "must be 'read' or 'admin'")]
    public string? Scope { get; set; }
}

/// <summary>
/// Checks each key by its annotations (options validation does not look into list entries) and the rules across
/// entries, naming each setting as it is written (<c>Api:Keys:1:Key</c>) and never printing a key.
/// </summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var entry = options.Keys[i];
            var prefix = $"{ApiOptions.Section}:{nameof(ApiOptions.Keys)}:{i}";
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(entry, new ValidationContext(entry), results, validateAllProperties: true);
            failures.AddRange(results.SelectMany(r => r.MemberNames.Select(member => $"{prefix}:{member}: {r.ErrorMessage}")));

            if (entry.Name is { } keyName && !names.TryAdd(keyName, i))
            {
                failures.Add($"{prefix}:Name: '{keyName}' is already the name of {ApiOptions.Section}:{nameof(ApiOptions.Keys)}:{names[keyName]}");
            }

            if (!string.IsNullOrEmpty(entry.Key) && !keys.TryAdd(entry.Key, entry.Name ?? prefix))
            {
                failures.Add($"{prefix}:Key: the same key as '{keys[entry.Key]}': each key must be different");
            }
        }

        if (options.RequireKeyForRead && options.Keys.Count == 0)
        {
            failures.Add($"{ApiOptions.Section}:{nameof(ApiOptions.RequireKeyForRead)}: is true but {ApiOptions.Section}:{nameof(ApiOptions.Keys)} is empty, so nothing could be read");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
