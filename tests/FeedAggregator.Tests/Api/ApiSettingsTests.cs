using FeedAggregator.Tests.Support;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Tests.Api;

/// <summary>Bad Api settings stop start-up and `validate`, each named as it is written, and no key is ever printed.</summary>
[NonParallelizable]
public sealed class ApiSettingsTests
{
    private const string ShortKey = "tooshort-42";
    private const string SpacedKey = "a key with spaces in it";
    private const string GoodKey = "good-key-0123456789abcdef";

    private static readonly string[] Bad =
    [
        "--Api:Keys:0:Name=ops", $"--Api:Keys:0:Key={ShortKey}", "--Api:Keys:0:Scope=owner",
        "--Api:Keys:1:Name=ops", $"--Api:Keys:1:Key={GoodKey}", "--Api:Keys:1:Scope=read",
        "--Api:Keys:2:Name=spaced", $"--Api:Keys:2:Key={SpacedKey}", "--Api:Keys:2:Scope=admin",
        "--Api:Keys:3:Name=copy", $"--Api:Keys:3:Key={GoodKey}", "--Api:Keys:3:Scope=admin",
        "--Api:Keys:4:Key=no-name-0123456789abcdef", "--Api:Keys:4:Scope=admin",
    ];

    private static TempDirectory Folder()
    {
        var folder = new TempDirectory();
        folder.Write("feeds.json", """{ "feeds": [ { "id": "one", "url": "https://example.org/rss" } ] }""");
        folder.Write("topics.json", """{ "topics": [ { "id": "t", "query": "x" } ] }""");
        return folder;
    }

    [Test]
    public async Task Validate_BadKeys_NamesEachSettingAndPrintsNoKey()
    {
        using var folder = Folder();

        var result = await CommandLine.RunAsync(["validate", .. ServiceUnderTest.Args(folder, Bad)]);

        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("error: appsettings: Api:Keys:0:Key: must be 16 to 512 characters long"));
        Assert.That(result.Error, Does.Contain("error: appsettings: Api:Keys:0:Scope: must be 'read' or 'admin'"));
        Assert.That(result.Error, Does.Contain("error: appsettings: Api:Keys:1:Name: 'ops' is already the name of Api:Keys:0"));
        Assert.That(result.Error, Does.Contain("error: appsettings: Api:Keys:2:Key: must be visible ASCII characters, without spaces"));
        Assert.That(result.Error, Does.Contain("error: appsettings: Api:Keys:3:Key: the same key as 'ops': each key must be different"));
        Assert.That(result.Error, Does.Contain("error: appsettings: Api:Keys:4:Name: is required"));
        Assert.That(result.Error, Does.Not.Contain(ShortKey).And.Not.Contain(SpacedKey).And.Not.Contain(GoodKey).And.Not.Contain("   at "));
    }

    [Test]
    public async Task Validate_KeyRequiredForReadWithoutKeys_IsRefused()
    {
        using var folder = Folder();

        var result = await CommandLine.RunAsync(["validate", .. ServiceUnderTest.Args(folder, "--Api:RequireKeyForRead=true")]);

        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("error: appsettings: Api:RequireKeyForRead: is true but Api:Keys is empty"));
    }

    [Test]
    public async Task Validate_GoodKeys_AreOk()
    {
        using var folder = Folder();

        var result = await CommandLine.RunAsync(["validate", .. ServiceUnderTest.Args(folder, ApiClient.Keys(requireKeyForRead: true))]);

        Assert.That(result.Code, Is.Zero, result.Error);
    }

    [Test]
    public async Task Start_BadKeys_IsRefusedNamingTheSetting()
    {
        using var folder = Folder();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => ServiceUnderTest.StartAsync(folder, Bad));

        Assert.That(refused!.Failures, Has.Some.StartsWith("Api:Keys:0:Key:"));
    }
}
