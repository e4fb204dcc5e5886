using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Api;

/// <summary>The keys the API tests configure, and requests that carry them.</summary>
internal static class ApiClient
{
    public const string AdminKey = "admin-key-0123456789abcdef";
    public const string ReadKey = "read-key-0123456789abcdef";

    /// <summary>Differs from <see cref="AdminKey"/> in its last character only: same length, same prefix.</summary>
    public const string WrongKeySameLength = "admin-key-0123456789abcdeF";

    public const string WrongKeyOtherLength = "admin-key-0123456789";

    public static string[] Keys(bool requireKeyForRead = false) =>
    [
        "--Api:Keys:0:Name=ops", $"--Api:Keys:0:Key={AdminKey}", "--Api:Keys:0:Scope=admin",
        "--Api:Keys:1:Name=dashboard", $"--Api:Keys:1:Key={ReadKey}", "--Api:Keys:1:Scope=read",
        $"--Api:RequireKeyForRead={(requireKeyForRead ? "true" : "false")}",
    ];

    /// <summary>The service on the pipeline tests' feeds, with both keys configured.</summary>
    public static async Task<ServiceUnderTest> StartAsync(TempDirectory folder, FeedServer publisher, bool requireKeyForRead = false, params string[] extra)
    {
        EndToEnd.PipelineTests.WriteConfig(folder, publisher);
        return await ServiceUnderTest.StartAsync(folder, [.. Keys(requireKeyForRead), .. extra]);
    }

    /// <param name="header">"bearer" for <c>Authorization: Bearer</c>, "x-api-key" for <c>X-Api-Key</c>.</param>
    public static Task<HttpResponseMessage> SendAsync(this ServiceUnderTest service, HttpMethod method, string path, string? key = null, string header = "bearer")
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null && header == "bearer")
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return service.Http.SendAsync(request);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
