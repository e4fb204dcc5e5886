using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Api;

/// <summary>Keys never reach the log, at the most verbose level, whether accepted or refused; the key's name does.</summary>
public sealed class ApiLogTests
{
    [Test]
    public async Task Log_NamesKeysButNeverHoldsOne()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        var log = folder.File("service.log");
        await using (var service = await ApiClient.StartAsync(folder, publisher, requireKeyForRead: true,
            "--Serilog:Using:0=Serilog.Sinks.File",
            "--Serilog:MinimumLevel:Default=Verbose",
            "--Serilog:WriteTo:0:Name=File",
            $"--Serilog:WriteTo:0:Args:path={log}"))
        {
            await service.SendAsync(HttpMethod.Get, "/api/feeds", ApiClient.ReadKey);
            await service.SendAsync(HttpMethod.Get, "/topics/human-trafficking.rss", ApiClient.AdminKey, header: "x-api-key");
            await service.SendAsync(HttpMethod.Post, "/api/feeds/fixture-rss/refresh", ApiClient.AdminKey);
            await service.SendAsync(HttpMethod.Post, "/api/config/reload", ApiClient.AdminKey, header: "x-api-key");
            await service.SendAsync(HttpMethod.Post, "/api/config/reload", ApiClient.ReadKey);
            await service.SendAsync(HttpMethod.Get, "/api/feeds", ApiClient.WrongKeySameLength);
            await service.SendAsync(HttpMethod.Post, "/api/config/reload", ApiClient.WrongKeyOtherLength, header: "x-api-key");
        }

        // The host is stopped, so the file sink has written everything.
        var text = await File.ReadAllTextAsync(log);

        Assert.That(text, Does.Contain("Key ops asked for a poll of fixture-rss now"));
        Assert.That(text, Does.Contain("Key ops asked for a reload: unchanged"));
        Assert.That(text, Does.Contain("to key dashboard: it is a read key"));
        Assert.That(text, Does.Contain("the API key sent is not a configured key"));
        foreach (var key in new[] { ApiClient.AdminKey, ApiClient.ReadKey, ApiClient.WrongKeySameLength, ApiClient.WrongKeyOtherLength })
        {
            Assert.That(text, Does.Not.Contain(key));
        }
    }
}
