using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Xml;

namespace FeedAggregator.Parsing;

/// <summary>
/// Hands the XML reader a document's bytes as characters, decoded in the encoding chosen for it, straight into the
/// reader's own buffer: no copy of the document as a string, no second buffer, and the reader never second-guesses
/// the encoding from a declaration that may lie. UTF-8 is checked as it is read; the first invalid byte is an error
/// that names its offset.
/// </summary>
internal sealed class DecodingReader : TextReader
{
    private readonly ReadOnlyMemory<byte> bytes;
    private readonly Decoder? decoder;
    private int position;
    private int pending = -1;

    public DecodingReader(ReadOnlyMemory<byte> bytes, Encoding encoding)
    {
        this.bytes = bytes;
        decoder = encoding.CodePage == 65001 ? null : encoding.GetDecoder();
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (pending >= 0)
        {
            buffer[0] = (char)pending;
            pending = -1;
            return 1;
        }

        if (buffer.Length > 1)
        {
            return Decode(buffer);
        }

        // Room for one char: decode two, so that a surrogate pair is never split across calls, and keep the second.
        Span<char> two = stackalloc char[2];
        var decoded = Decode(two);
        if (decoded == 0)
        {
            return 0;
        }

        buffer[0] = two[0];
        pending = decoded == 2 ? two[1] : -1;
        return 1;
    }

    private int Decode(Span<char> buffer)
    {
        var rest = bytes.Span[position..];
        if (rest.IsEmpty)
        {
            return 0;
        }

        if (decoder is not null)
        {
            decoder.Convert(rest, buffer, flush: true, out var used, out var written, out _);
            position += used;
            return written;
        }

        var status = Utf8.ToUtf16(rest, buffer, out var read, out var charsWritten, replaceInvalidSequences: false, isFinalBlock: true);
        position += read;
        if (status == OperationStatus.InvalidData && charsWritten == 0)
        {
            throw InvalidUtf8();
        }

        return charsWritten;
    }

    private XmlException InvalidUtf8()
    {
        var before = bytes.Span[..position];
        var line = before.Count((byte)'\n') + 1;
        var column = position - before.LastIndexOf((byte)'\n');
        return new XmlException($"Invalid UTF-8 byte 0x{bytes.Span[position]:X2} at offset {position}.", null, line, column);
    }
}
