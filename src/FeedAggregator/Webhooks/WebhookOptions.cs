using System.ComponentModel.DataAnnotations;
using FeedAggregator.Storage;

namespace FeedAggregator.Webhooks;

/// <summary>The <c>Webhooks</c> section: where changes of chosen topics are POSTed, and how hard delivery tries.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The receivers; none by default. Read at start: a change needs a restart.</summary>
    public List<WebhookEndpointSetting> Endpoints { get; set; } = [];

    /// <summary>Scheduled attempts at one batch before it is recorded as failed and skipped.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait after the first failed attempt; each later wait is four times the one before, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between two attempts, a receiver's <c>Retry-After</c> included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Time allowed for one POST, from connecting to the end of the answer's headers.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Most changes in one POST.</summary>
    [Range(1, ItemQueries.MaxLimit)]
    public int BatchSize { get; set; } = 50;
}

/// <summary>One entry of <c>Webhooks:Endpoints</c>.</summary>
public sealed class WebhookEndpointSetting
{
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 512;

    /// <summary>The change kinds that can be chosen: the ones that name a topic, since endpoints choose topics.</summary>
    public static readonly IReadOnlyList<string> AllowedEvents = [ChangeKinds.TopicJoined, ChangeKinds.TopicLeft];

    /// <summary>Keys the endpoint's position in the store: renaming an endpoint starts a new one at the newest change.</summary>
    [Required(ErrorMessage = "is required")]
    [RegularExpression("^[a-z0-9][a-z0-9-]{0,63}$", ErrorMessage = "must be a slug: 1 to 64 lowercase letters, digits or '-', not starting with '-'")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "is required")]
    public string? Url { get; set; }

    // Messages never include the value: it is a secret, and settings errors are printed.
    [Required(ErrorMessage = "is required")]
    [StringLength(MaxSecretLength, MinimumLength = MinSecretLength, ErrorMessage = "must be 16 to 512 characters long")]
    public string? Secret { get; set; }

    /// <summary>
    /// Topic ids whose changes this endpoint receives. Topics are reloaded live, so an id is not checked against them:
    /// one that names no topic simply never matches.
    /// </summary>
    public List<string> Topics { get; set; } = [];

    /// <summary>Change kinds to send; empty means <c>topic.joined</c> (an item entered a chosen topic).</summary>
    // The binder adds configured entries to an existing list, so the default lives in EffectiveEvents, not here.
    public List<string> Events { get; set; } = [];

    internal IReadOnlyList<string> EffectiveEvents => Events.Count == 0 ? [ChangeKinds.TopicJoined] : Events;

    internal Uri Uri => new(Url!, UriKind.Absolute);
}
