using System.Text;

namespace FeedAggregator.Parsing;

/// <summary>
/// The text of a text construct, held as UTF-8: the way most feeds arrive and the way the JSON and the store keep it,
/// at half the size of a string for Latin text. The string is made on first use and kept; a writer of UTF-8 reads
/// <see cref="Utf8"/> and never needs it.
/// </summary>
public sealed class FeedText : IEquatable<FeedText>
{
    public static readonly FeedText Empty = new([], "");

    private const int MaxKeptScratch = 256 * 1024;

    [ThreadStatic]
    private static byte[]? scratch;

    private byte[]? utf8;
    private string? text;

    private FeedText(byte[]? utf8, string? text)
    {
        this.utf8 = utf8;
        this.text = text;
    }

    public static FeedText Of(string text) => text.Length == 0 ? Empty : new(null, text);

    /// <summary>Text read into a buffer; unpaired surrogates become U+FFFD.</summary>
    public static FeedText Of(ReadOnlySpan<char> chars)
    {
        if (chars.IsEmpty)
        {
            return Empty;
        }

        // ASCII, most of a Latin-script feed, narrows straight into its array.
        if (Ascii.IsValid(chars))
        {
            var ascii = new byte[chars.Length];
            Ascii.FromUtf16(chars, ascii, out _);
            return new(ascii, null);
        }

        // Otherwise one transcoding pass into a reused buffer, then an exact copy: cheaper than counting first.
        var needed = Encoding.UTF8.GetMaxByteCount(chars.Length);
        var buffer = scratch is { } kept && kept.Length >= needed ? kept : new byte[Math.Max(needed, 4096)];
        if (buffer.Length <= MaxKeptScratch)
        {
            scratch = buffer;
        }

        var written = Encoding.UTF8.GetBytes(chars, buffer);
        return new(buffer.AsSpan(0, written).ToArray(), null);
    }

    /// <summary>Text already in UTF-8, in an array the new value owns.</summary>
    internal static FeedText OwnUtf8(byte[] utf8) => utf8.Length == 0 ? Empty : new(utf8, null);

    /// <summary>The text as UTF-8, without a byte-order mark.</summary>
    public ReadOnlySpan<byte> Utf8 => utf8 ??= Encoding.UTF8.GetBytes(text!);

    public bool IsEmpty => (utf8?.Length ?? text!.Length) == 0;

    public override string ToString() => text ??= Encoding.UTF8.GetString(utf8!);

    public bool Equals(FeedText? other) =>
        other is not null && (ReferenceEquals(this, other)
            || (utf8 is not null && other.utf8 is not null
                ? utf8.AsSpan().SequenceEqual(other.utf8)
                : string.Equals(ToString(), other.ToString(), StringComparison.Ordinal)));

    public override bool Equals(object? obj) => Equals(obj as FeedText);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
