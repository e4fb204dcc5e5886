using System.Text;
using FeedAggregator.Webhooks;

namespace FeedAggregator.Tests.Webhooks;

/// <summary>The settings' rules, the retry schedule and the signature, each on its own.</summary>
public sealed class WebhookRulesTests
{
    private const string Secret = "hook-secret-0123456789abcdef";

    private static WebhookOptions Options(Action<WebhookEndpointSetting>? change = null)
    {
        var endpoint = new WebhookEndpointSetting { Name = "hook", Url = "http://127.0.0.1:9/hook", Secret = Secret, Topics = ["news"] };
        change?.Invoke(endpoint);
        return new WebhookOptions { Endpoints = [endpoint] };
    }

    [Test]
    public void Validate_AGoodEndpoint_Passes()
    {
        var result = new WebhookOptionsValidator().Validate(null, Options(e => e.Events = ["topic.joined", "topic.left"]));

        Assert.That(result.Failures, Is.Null.Or.Empty);
    }

    [TestCase("Name", "Bad Name", "Webhooks:Endpoints:0:Name: must be a slug")]
    [TestCase("Url", "/relative/hook", "Webhooks:Endpoints:0:Url: must be an absolute http or https URL")]
    [TestCase("Url", "ftp://example.org/hook", "Webhooks:Endpoints:0:Url: must be an absolute http or https URL")]
    [TestCase("Secret", "too-short-secret", "Webhooks:Endpoints:0:Secret: must be 16 to 512 characters long")]
    [TestCase("Topics", "", "Webhooks:Endpoints:0:Topics: must name at least one topic id")]
    [TestCase("Events", "item.added", "Webhooks:Endpoints:0:Events: 'item.added' is not one of topic.joined, topic.left")]
    public void Validate_ABadField_IsNamed_AndNoSecretPrinted(string field, string value, string expected)
    {
        var options = Options(e =>
        {
            switch (field)
            {
                case "Name": e.Name = value; break;
                case "Url": e.Url = value; break;
                case "Secret": e.Secret = value[..15]; break;
                case "Topics": e.Topics = []; break;
                default: e.Events = [value]; break;
            }
        });

        var failures = new WebhookOptionsValidator().Validate(null, options).Failures ?? [];

        Assert.That(failures, Has.One.StartsWith(expected));
        Assert.That(failures, Has.None.Contains("too-short-secr").And.None.Contains(Secret));
    }

    [Test]
    public void Validate_TwoEndpointsOfOneName_AndADelayOutOfOrder_AreRefused()
    {
        var options = Options();
        options.Endpoints.Add(new WebhookEndpointSetting { Name = "hook", Url = "https://example.org/", Secret = Secret, Topics = ["x"] });
        options.InitialDelay = TimeSpan.FromHours(2);

        var failures = new WebhookOptionsValidator().Validate(null, options).Failures;

        Assert.That(failures, Is.EquivalentTo(new[]
        {
            "Webhooks:Endpoints:1:Name: 'hook' is already the name of Webhooks:Endpoints:0",
            "Webhooks:InitialDelay: is longer than Webhooks:MaxDelay",
        }));
    }

    [TestCase(1, 5)]
    [TestCase(2, 20)]
    [TestCase(3, 80)]
    [TestCase(5, 1280)]
    [TestCase(6, 3600)]
    [TestCase(8, 3600)]
    public void Delay_GrowsFourfoldFromInitialDelay_UpToMaxDelay(int failures, int seconds)
    {
        var delay = RetrySchedule.Delay(new WebhookOptions(), failures, DateTimeOffset.UnixEpoch, null, random: 0.5);

        Assert.That(delay, Is.EqualTo(TimeSpan.FromSeconds(seconds)));
    }

    [Test]
    public void Delay_JittersByAFifth_AndHonoursRetryAfterUpToMaxDelay()
    {
        var options = new WebhookOptions();
        var now = DateTimeOffset.UnixEpoch;

        Assert.That(RetrySchedule.Delay(options, 2, now, null, random: 0), Is.EqualTo(TimeSpan.FromSeconds(16)));
        Assert.That(RetrySchedule.Delay(options, 2, now, null, random: 0.999999), Is.EqualTo(TimeSpan.FromSeconds(24)).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That(RetrySchedule.Delay(options, 1, now, now.AddMinutes(2), random: 0.5), Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(RetrySchedule.Delay(options, 3, now, now.AddSeconds(10), random: 0.5), Is.EqualTo(TimeSpan.FromSeconds(80)), "a shorter Retry-After does not hurry the schedule");
        Assert.That(RetrySchedule.Delay(options, 1, now, now.AddDays(1), random: 0.5), Is.EqualTo(options.MaxDelay));
    }

    [Test]
    public void Sign_IsTheHmacOfTimestampDotBody_AsPythonComputesIt()
    {
        var body = Encoding.UTF8.GetBytes("""{"endpoint":"a","title":"Ёлка"}""");

        // hmac.new(secret, b"1700000000." + body, hashlib.sha256).hexdigest(), computed with Python 3.
        Assert.That(WebhookPayload.Sign(Secret, 1700000000, body),
            Is.EqualTo("sha256=51620e119fae8bc25004b42722a6166dcd58a9ab1079c65e4e63cf1f91fac338"));
    }
}
