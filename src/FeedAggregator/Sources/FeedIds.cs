using System.Globalization;
using System.Net;
using System.Text;

namespace FeedAggregator.Sources;

/// <summary>
/// Ids for feeds an operator adds without naming one: lowercase ASCII words joined by '-', as <see cref="FeedsFile.Slug"/>
/// requires. Accents are dropped and Russian (and Ukrainian) letters transliterated, so "Новости ООН" gives "novosti-oon"
/// rather than nothing.
/// </summary>
internal static class FeedIds
{
    private const int MaxLength = 48;
    private const string Fallback = "feed";

    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e", ['ж'] = "zh",
        ['з'] = "z", ['и'] = "i", ['й'] = "y", ['к'] = "k", ['л'] = "l", ['м'] = "m", ['н'] = "n", ['о'] = "o",
        ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u", ['ф'] = "f", ['х'] = "kh", ['ц'] = "ts",
        ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch", ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu",
        ['я'] = "ya", ['і'] = "i", ['ї'] = "yi", ['є'] = "ye", ['ґ'] = "g",
    };

    /// <summary>From the site and the title: "news.un.org" and "UN News" give "news-un" (a word is not repeated).</summary>
    public static string FromHostAndTitle(Uri url, string? title) => Join([.. HostWords(url), .. Words(title)]);

    /// <summary>From the title alone; the site stands in when the title has no usable word.</summary>
    public static string FromTitle(string? title, Uri? url)
    {
        var words = Words(title).ToList();
        return Join(words.Count > 0 || url is null ? words : HostWords(url));
    }

    /// <summary><paramref name="id"/>, or the first of <c>id-2</c>, <c>id-3</c> … that is not taken.</summary>
    public static string Unique(string id, Func<string, bool> taken)
    {
        var candidate = id;
        for (var n = 2; taken(candidate); n++)
        {
            candidate = $"{id}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return candidate;
    }

    /// <summary>The lowercase ASCII words of a text.</summary>
    public static IEnumerable<string> Words(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var latin = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            latin.Append(Cyrillic.TryGetValue(c, out var spelled) ? spelled : c.ToString());
        }

        var plain = new StringBuilder(latin.Length);
        foreach (var c in latin.ToString().Normalize(NormalizationForm.FormKD))
        {
            plain.Append(char.IsAsciiLetterOrDigit(c) ? c : CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark ? "" : " ");
        }

        return plain.ToString().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The site's name without "www." and the top-level domain; an address as it is.</summary>
    private static IEnumerable<string> HostWords(Uri url)
    {
        var host = url.IsFile ? "" : url.IdnHost.ToLowerInvariant();
        if (host.StartsWith("www.", StringComparison.Ordinal))
        {
            host = host[4..];
        }

        if (IPAddress.TryParse(url.Host, out _))
        {
            // One word, so that Join does not take 127.0.0.1's second 0 for a repeated word.
            return [string.Join("-", Words(host))];
        }

        var labels = host.Split('.', StringSplitOptions.RemoveEmptyEntries);
        return (labels.Length > 1 ? labels[..^1] : labels).SelectMany(Words);
    }

    private static string Join(IEnumerable<string> words)
    {
        var id = new StringBuilder();
        foreach (var word in words.Distinct(StringComparer.Ordinal))
        {
            if (id.Length > 0 && id.Length + 1 + word.Length > MaxLength)
            {
                break;
            }

            id.Append(id.Length > 0 ? "-" : "").Append(word.Length > MaxLength ? word[..MaxLength] : word);
        }

        return id.Length > 0 ? id.ToString() : Fallback;
    }
}
