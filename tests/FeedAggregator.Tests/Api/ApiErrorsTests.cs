using System.Net;
using FeedAggregator.Tests.EndToEnd;
using FeedAggregator.Tests.Support;
using Microsoft.Data.Sqlite;

namespace FeedAggregator.Tests.Api;

/// <summary>Errors nobody's endpoint writes (no route, wrong method, an exception) are problem details too.</summary>
public sealed class ApiErrorsTests
{
    [Test]
    public async Task UnmatchedRouteAndMethod_AreProblemDetails()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await ApiClient.StartAsync(folder, publisher);

        using var missing = await service.SendAsync(HttpMethod.Get, "/api/no/such/thing");
        using var method = await service.SendAsync(HttpMethod.Get, "/api/config/reload", ApiClient.AdminKey);

        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(missing.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await missing.JsonAsync()).GetProperty("detail").GetString(), Does.Contain("/api/no/such/thing"));
        Assert.That(method.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
        Assert.That(method.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task Exception_Is500ProblemWithoutStackTrace()
    {
        await using var publisher = await PipelineTests.StartPublisherAsync();
        using var folder = new TempDirectory();
        await using var service = await ApiClient.StartAsync(folder, publisher);
        await service.WaitForPollsAsync("fixture-rss");
        // A stored item whose JSON was damaged outside the service: reading it throws inside the endpoint.
        string uid;
        using (var connection = new SqliteConnection($"Data Source={folder.File("data/feedaggregator.db")}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE items SET data = '{ not json' WHERE id = (SELECT min(id) FROM items) RETURNING uid";
            uid = (string)command.ExecuteScalar()!;
        }

        using var response = await service.SendAsync(HttpMethod.Get, $"/api/items/{uid}");
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(body, Does.Contain("\"status\":500"));
        Assert.That(body, Does.Not.Contain(" at ").And.Not.Contain("JsonReaderException").And.Not.Contain("Exception"));
    }
}
