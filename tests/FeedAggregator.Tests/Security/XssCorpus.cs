using System.Globalization;
using System.Text;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Security;

/// <summary>One vector of the corpus: its number (from 1, in file order), its class, and its text with the payload in place.</summary>
internal sealed record XssVector(int Number, string Class, string Template)
{
    /// <summary>The vector as it goes into feeds: <c>$X</c> replaced by a call that names the vector.</summary>
    public string Text { get; } = Template.Replace("$X", XssCorpus.Payload(Number), StringComparison.Ordinal);

    public override string ToString() => $"vector {Number.ToString(CultureInfo.InvariantCulture)} ({Class})";
}

/// <summary>
/// The hostile markup the security tests feed through the service, read from <c>xss-vectors.txt</c> beside this file
/// (its header describes the format).
/// </summary>
internal static class XssCorpus
{
    /// <summary>The name of the function the payload calls; the browser tests define it to record, alert and fetch a canary.</summary>
    public const string PayloadFunction = "xss";

    public static string File { get; } = Path.Combine(Repository.Root, "tests", "FeedAggregator.Tests", "Security", "xss-vectors.txt");

    public static IReadOnlyList<XssVector> All { get; } = Load(File);

    public static string Payload(int number) => $"{PayloadFunction}({number.ToString(CultureInfo.InvariantCulture)})";

    public static XssVector Find(int number) => All[number - 1];

    internal static IReadOnlyList<XssVector> Load(string path)
    {
        var vectors = new List<XssVector>();
        var category = "unclassified";
        foreach (var line in System.IO.File.ReadAllLines(path, Encoding.UTF8))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                category = line[3..].Trim();
            }
            else if (line.Length > 0 && line != "#" && !line.StartsWith("# ", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(line))
            {
                vectors.Add(new XssVector(vectors.Count + 1, category, Unescape(line)));
            }
        }

        return vectors;
    }

    /// <summary>Replaces each <c>\x{HH}</c> with the character it names.</summary>
    private static string Unescape(string line)
    {
        var start = line.IndexOf("\\x{", StringComparison.Ordinal);
        if (start < 0)
        {
            return line;
        }

        var text = new StringBuilder(line.Length);
        var i = 0;
        while (start >= 0)
        {
            var end = line.IndexOf('}', start);
            text.Append(line, i, start - i);
            text.Append((char)int.Parse(line.AsSpan(start + 3, end - start - 3), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            i = end + 1;
            start = line.IndexOf("\\x{", i, StringComparison.Ordinal);
        }

        return text.Append(line, i, line.Length - i).ToString();
    }
}
