using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FeedAggregator.Sources;

/// <summary>
/// Changes to feeds.json's text that touch only what they must: every other byte (comments, indentation, line breaks,
/// trailing commas, the order and spelling of other feeds) stays as the operator wrote it. New text copies the file's
/// own style: the indentation and line breaks of its neighbours, one-line objects where the other feeds are one-line.
/// </summary>
internal sealed class FeedsFileEdits
{
    // Operators read feeds.json: titles in Cyrillic stay Cyrillic rather than \u-escaped.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private readonly JsonText text;
    private readonly FeedsFileLayout layout;
    private readonly List<(int Start, int End, string Insert)> edits = [];

    public FeedsFileEdits(byte[] bytes, FeedsFileLayout layout)
    {
        text = new JsonText(bytes);
        this.layout = layout;
    }

    /// <summary>The file with the edits made so far; the original bytes when there are none.</summary>
    public byte[] Result()
    {
        var result = new List<byte>(text.Bytes.Length + 256);
        var at = 0;
        foreach (var (start, end, insert) in edits.OrderBy(e => e.Start).ThenBy(e => e.End))
        {
            result.AddRange(text.Bytes.AsSpan(at, start - at));
            result.AddRange(Encoding.UTF8.GetBytes(insert));
            at = end;
        }

        result.AddRange(text.Bytes.AsSpan(at));
        return [.. result];
    }

    /// <summary>New feed objects after the last one, in the style of the feeds already there.</summary>
    public void AddFeeds(IReadOnlyList<NewFeed> feeds)
    {
        var arrayIndent = text.StartsLine(layout.FeedsPropertyStart) ? text.Indentation(layout.FeedsPropertyStart) : "";
        var elementIndent = layout.Feeds.Count > 0 && text.StartsLine(layout.Feeds[^1].Start)
            ? text.Indentation(layout.Feeds[^1].Start)
            : arrayIndent + text.IndentUnit;
        var style = ObjectStyle(elementIndent);
        Append(layout.ArrayOpen, layout.ArrayClose, [.. layout.Feeds.Select(f => f.Span)],
            [.. feeds.Select(f => Write(f, style))], elementIndent, arrayIndent);
    }

    public void RemoveFeed(FeedObject feed)
    {
        var index = layout.Feeds.ToList().IndexOf(feed);
        Remove([.. layout.Feeds.Select(f => f.Span)], index);
    }

    /// <summary>
    /// Disabling writes <c>"enabled": false</c> (in place of a <c>true</c>, or as the object's last property); enabling removes
    /// the property, since true is the default: disable then enable gives back the file as it was.
    /// </summary>
    /// <returns>False when the feed already is as asked and nothing was changed.</returns>
    public bool SetEnabled(FeedObject feed, bool enabled)
    {
        var members = feed.Members.ToList();
        var member = feed.Member("enabled");
        var value = member is null ? null : Encoding.UTF8.GetString(text.Bytes, member.ValueStart, member.End - member.ValueStart);
        if (enabled ? member is null || value == "true" : value == "false")
        {
            return false;
        }

        if (enabled)
        {
            Remove([.. members.Select(m => new JsonSpan(m.Start, m.End))], members.IndexOf(member!));
        }
        else if (member is not null)
        {
            edits.Add((member.ValueStart, member.End, "false"));
        }
        else
        {
            var indent = text.Indentation(feed.Start) + text.IndentUnit;
            Append(feed.Start, feed.Close, [.. members.Select(m => new JsonSpan(m.Start, m.End))], ["\"enabled\": false"], indent, indent);
        }

        return true;
    }

    /// <summary>
    /// Removes one member with its separating comma. A member on lines of its own goes with those lines (and a comment
    /// that ends its last line); comments on lines of their own stay, since they may speak of their neighbours too.
    /// </summary>
    private void Remove(IReadOnlyList<JsonSpan> members, int index)
    {
        var member = members[index];
        var comma = text.CommaAfter(member.End);
        var lineEnd = text.RestOfLineEnd(comma >= 0 ? comma + 1 : member.End);
        if (text.StartsLine(member.Start) && lineEnd >= 0)
        {
            edits.Add((text.LineStart(member.Start), lineEnd, ""));
            if (comma < 0 && index > 0)
            {
                // The last member goes: the comma before it would be left trailing where the file had none.
                var previous = text.CommaAfter(members[index - 1].End);
                edits.Add((previous, previous + 1, ""));
            }
        }
        else if (comma >= 0)
        {
            edits.Add((member.Start, text.SkipWhitespace(comma + 1), ""));
        }
        else
        {
            edits.Add((index > 0 ? members[index - 1].End : member.Start, member.End, ""));
        }
    }

    /// <summary>Appends members after the last one in a container, or fills an empty one (the indents given are for that case).</summary>
    private void Append(int open, int close, IReadOnlyList<JsonSpan> members, IReadOnlyList<string> items, string indentWhenEmpty, string closeIndentWhenEmpty)
    {
        var newLine = text.NewLine;
        if (members.Count == 0)
        {
            var joined = string.Join("," + newLine + indentWhenEmpty, items);
            var onlyWhitespace = text.SkipWhitespace(open + 1) == close;
            edits.Add(onlyWhitespace
                ? (open + 1, close, newLine + indentWhenEmpty + joined + newLine + closeIndentWhenEmpty)
                : (open + 1, open + 1, newLine + indentWhenEmpty + joined));
            return;
        }

        var last = members[^1];
        var comma = text.CommaAfter(last.End);
        var after = comma >= 0 ? comma + 1 : last.End;
        var trailing = comma >= 0 ? "," : "";
        if (!text.StartsLine(last.Start))
        {
            var inline = string.Join(", ", items);
            edits.Add(comma >= 0 ? (after, after, " " + inline + ",") : (after, after, ", " + inline));
            return;
        }

        var indent = text.Indentation(last.Start);
        var lines = string.Join("," + newLine + indent, items);
        var lineEnd = text.RestOfLineEnd(after);
        if (lineEnd > 0 && text.Bytes[lineEnd - 1] == '\n')
        {
            // After the line the last member ends on, so a comment at the end of that line stays with it.
            if (comma < 0)
            {
                edits.Add((last.End, last.End, ","));
            }

            edits.Add((lineEnd, lineEnd, indent + lines + trailing + newLine));
        }
        else
        {
            edits.Add((after, after, (comma < 0 ? "," : "") + newLine + indent + lines + trailing));
        }
    }

    private sealed record Style(bool MultiLine, string MemberIndent, string CloseIndent, bool Padded);

    /// <summary>How the last feed object is written: on several lines (with which indents) or on one, padded inside its braces or not.</summary>
    private Style ObjectStyle(string elementIndent)
    {
        var model = layout.Feeds.LastOrDefault(f => f.Close >= 0 && f.Members.Count > 0);
        if (model is null)
        {
            return new Style(true, elementIndent + text.IndentUnit, elementIndent, true);
        }

        var lineMember = model.Members.FirstOrDefault(m => text.StartsLine(m.Start));
        return lineMember is null
            ? new Style(false, "", "", text.Bytes[model.Start + 1] == ' ')
            : new Style(true, text.Indentation(lineMember.Start), text.StartsLine(model.Close) ? text.Indentation(model.Close) : elementIndent, true);
    }

    private string Write(NewFeed feed, Style style)
    {
        var members = new List<string> { Member("id", feed.Id), Member("url", feed.Url) };
        AddIfSet(members, "title", feed.Title);
        AddIfSet(members, "language", feed.Language);
        AddIfSet(members, "interval", feed.Interval);
        AddIfSet(members, "cron", feed.Cron);
        if (feed.Tags is { Count: > 0 } tags)
        {
            members.Add($"\"tags\": [{string.Join(", ", tags.Select(Quote))}]");
        }

        if (style.MultiLine)
        {
            var newLine = text.NewLine;
            return "{" + newLine + string.Join("," + newLine, members.Select(m => style.MemberIndent + m)) + newLine + style.CloseIndent + "}";
        }

        return style.Padded ? "{ " + string.Join(", ", members) + " }" : "{" + string.Join(", ", members) + "}";
    }

    private static void AddIfSet(List<string> members, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            members.Add(Member(name, value));
        }
    }

    private static string Member(string name, string value) => $"\"{name}\": {Quote(value)}";

    private static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, Encoder) + "\"";
}
