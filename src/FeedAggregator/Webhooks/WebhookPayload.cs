using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FeedAggregator.Webhooks;

/// <summary>One change as a webhook carries it, with the item as the store held it when the batch was made.</summary>
/// <param name="Title">Null, as are the other item fields, when the item was removed before the batch was made.</param>
internal sealed record WebhookChange(
    long Seq,
    string Kind,
    string? Topic,
    string At,
    string ItemUid,
    string FeedId,
    string? Title,
    string? Link,
    string? Published,
    string? Summary,
    string? Language);

/// <summary>The body of a delivery and its signature: docs/webhooks.md is the receiver's side of this.</summary>
internal static class WebhookPayload
{
    public const string SignatureHeader = "X-FeedAggregator-Signature";
    public const string TimestampHeader = "X-FeedAggregator-Timestamp";
    public const string IdempotencyHeader = "Idempotency-Key";

    // Titles in Russian stay readable in the body rather than becoming \u escapes; the body is sent as UTF-8.
    private static readonly JsonWriterOptions Writer = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Names a batch by its first and last change: the same batch always has the same id.</summary>
    public static string DeliveryId(string endpoint, long firstSeq, long lastSeq) => $"{endpoint}:{firstSeq}-{lastSeq}";

    /// <summary>The JSON body, written once per batch and kept, so every redelivery sends these very bytes.</summary>
    public static string Build(string endpoint, IReadOnlyList<WebhookChange> changes)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Writer))
        {
            json.WriteStartObject();
            json.WriteString("endpoint", endpoint);
            json.WriteString("deliveryId", DeliveryId(endpoint, changes[0].Seq, changes[^1].Seq));
            json.WriteStartArray("changes");
            foreach (var change in changes)
            {
                json.WriteStartObject();
                json.WriteNumber("seq", change.Seq);
                json.WriteString("kind", change.Kind);
                json.WriteString("topic", change.Topic);
                json.WriteString("at", change.At);
                json.WriteStartObject("item");
                json.WriteString("uid", change.ItemUid);
                json.WriteString("feed", change.FeedId);
                json.WriteString("title", change.Title);
                // Links come from other people's feeds: only http(s) ones go out, as in the topic feeds and the API.
                json.WriteString("link", FeedAggregator.Publishing.WebLinks.Http(change.Link));
                json.WriteString("published", change.Published);
                json.WriteString("summary", change.Summary);
                json.WriteString("language", change.Language);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// <c>sha256=</c> and the lowercase hex HMAC-SHA256, keyed by the secret, of <c>{timestamp}.{body}</c>: the timestamp
    /// is signed with the body so that a captured request cannot be replayed later under a fresh timestamp.
    /// </summary>
    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed, prefix.Length);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
