using System.Text;

namespace FeedAggregator.Sources;

/// <summary>
/// The bytes of a JSON file with comments, read around the tokens <see cref="Utf8JsonReader"/> reports: lines,
/// indentation, and the trivia (whitespace and comments) between tokens, where the separating commas lie.
/// </summary>
internal sealed class JsonText(byte[] bytes)
{
    public byte[] Bytes { get; } = bytes;

    /// <summary>The file's own line break, so an edit does not mix CRLF into an LF file or the other way round.</summary>
    public string NewLine { get; } = bytes.AsSpan().IndexOf("\r\n"u8) >= 0 ? "\r\n" : "\n";

    /// <summary>One level of indentation as the file writes it: the leading whitespace of its first indented line.</summary>
    public string IndentUnit
    {
        get
        {
            var line = 0;
            while (line < Bytes.Length)
            {
                var indent = Indentation(line);
                var first = line + indent.Length;
                if (indent.Length > 0 && first < Bytes.Length && Bytes[first] is not ((byte)'\r' or (byte)'\n'))
                {
                    return indent[0] == '\t' ? "\t" : indent;
                }

                var newline = Bytes.AsSpan(line).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                line += newline + 1;
            }

            return "  ";
        }
    }

    public int LineStart(int position)
    {
        var newline = Bytes.AsSpan(0, position).LastIndexOf((byte)'\n');
        return newline + 1;
    }

    /// <summary>True when only spaces and tabs precede <paramref name="position"/> on its line.</summary>
    public bool StartsLine(int position) => Bytes.AsSpan(LineStart(position), position - LineStart(position)).IndexOfAnyExcept(" \t"u8) < 0;

    /// <summary>The spaces and tabs that start the line of <paramref name="position"/>.</summary>
    public string Indentation(int position)
    {
        var start = LineStart(position);
        var line = Bytes.AsSpan(start);
        var length = line.IndexOfAnyExcept(" \t"u8);
        return Encoding.UTF8.GetString(line[..(length < 0 ? line.Length : length)]);
    }

    /// <summary>Past spaces, tabs and line breaks, not comments.</summary>
    public int SkipWhitespace(int position)
    {
        var rest = Bytes.AsSpan(position).IndexOfAnyExcept(" \t\r\n"u8);
        return rest < 0 ? Bytes.Length : position + rest;
    }

    /// <summary>Past whitespace and comments: the next token, or the comma between two tokens.</summary>
    public int SkipTrivia(int position)
    {
        while (true)
        {
            position = SkipWhitespace(position);
            var comment = CommentEnd(position);
            if (comment < 0)
            {
                return position;
            }

            position = comment;
        }
    }

    /// <summary>The comma that separates the member ending at <paramref name="end"/> from the next one; -1 when none follows.</summary>
    public int CommaAfter(int end)
    {
        var next = SkipTrivia(end);
        return next < Bytes.Length && Bytes[next] == ',' ? next : -1;
    }

    /// <summary>
    /// When only spaces, tabs and comments follow <paramref name="position"/> up to the end of its line, the position just past
    /// that line's break; otherwise -1.
    /// </summary>
    public int RestOfLineEnd(int position)
    {
        while (true)
        {
            while (position < Bytes.Length && Bytes[position] is (byte)' ' or (byte)'\t' or (byte)'\r')
            {
                position++;
            }

            if (position >= Bytes.Length)
            {
                return Bytes.Length;
            }

            if (Bytes[position] == '\n')
            {
                return position + 1;
            }

            var comment = CommentEnd(position);
            var span = comment < 0 ? [] : Bytes.AsSpan(position, comment - position);
            if (comment < 0 || (span.StartsWith("/*"u8) && span.Contains((byte)'\n')))
            {
                return -1;
            }

            // A line comment ends before its line break, which the loop then takes.
            position = comment;
        }
    }

    /// <summary>Just past the comment at <paramref name="position"/> (a line comment stops before its line break); -1 when none starts there.</summary>
    private int CommentEnd(int position)
    {
        var rest = Bytes.AsSpan(position);
        if (rest.StartsWith("//"u8))
        {
            var newline = rest.IndexOf((byte)'\n');
            return newline < 0 ? Bytes.Length : position + newline;
        }

        if (rest.StartsWith("/*"u8))
        {
            var close = rest[2..].IndexOf("*/"u8);
            return close < 0 ? Bytes.Length : position + 2 + close + 2;
        }

        return -1;
    }
}
