using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace FeedAggregator.Api;

public enum ApiScope
{
    Read,
    Admin,
}

/// <summary>Who called: the name of the key that was sent (what logs show), never the key itself.</summary>
public sealed record ApiCaller(string Name, ApiScope Scope);

/// <summary>
/// The configured keys, kept only as SHA-256 hashes. A key sent with a request is hashed and compared with every
/// configured hash in constant time: equal-length hashes mean neither the key's content nor its length shows in how
/// long the comparison takes, and comparing all of them means the time does not tell which key came close either.
/// </summary>
internal sealed class ApiKeys
{
    public const string ApiKeyHeader = "X-Api-Key";

    private readonly (byte[] Hash, ApiCaller Caller)[] entries;

    public ApiKeys(IOptions<ApiOptions> options)
    {
        var settings = options.Value;
        RequireKeyForRead = settings.RequireKeyForRead;
        entries = [.. settings.Keys.Select(k => (SHA256.HashData(Encoding.UTF8.GetBytes(k.Key!)), new ApiCaller(k.Name!, k.Scope == "admin" ? ApiScope.Admin : ApiScope.Read)))];
    }

    public bool RequireKeyForRead { get; }

    /// <summary>The caller whose key this is, or null for an unknown key.</summary>
    public ApiCaller? Find(ReadOnlySpan<char> presented)
    {
        // No configured key is longer, so a longer one is unknown without looking; this bounds the buffer below.
        if (presented.IsEmpty || presented.Length > ApiKeySetting.MaxKeyLength)
        {
            return null;
        }

        Span<byte> utf8 = stackalloc byte[ApiKeySetting.MaxKeyLength * 3];
        var length = Encoding.UTF8.GetBytes(presented, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8[..length], hash);
        ApiCaller? found = null;
        foreach (var (known, caller) in entries)
        {
            if (CryptographicOperations.FixedTimeEquals(known, hash))
            {
                found = caller;
            }
        }

        return found;
    }

    /// <summary>
    /// The key a request carries: <c>Authorization: Bearer &lt;key&gt;</c> (RFC 6750), else <c>X-Api-Key: &lt;key&gt;</c>;
    /// empty when it carries neither.
    /// </summary>
    public static ReadOnlySpan<char> Presented(HttpRequest request)
    {
        const string scheme = "Bearer ";
        var authorization = request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            var value = authorization[0].AsSpan().Trim();
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                return value[scheme.Length..].Trim();
            }
        }

        var header = request.Headers[ApiKeyHeader];
        return header.Count > 0 ? header[0].AsSpan().Trim() : default;
    }
}
