using System.Text;
using System.Xml;

namespace FeedAggregator.Publishing;

/// <summary>
/// How published XML is written: one writer setting for every document, and text made safe for XML 1.0 (characters
/// XML forbids, most C0 controls, lone surrogates, U+FFFE/FFFF, are dropped).
/// </summary>
internal static class XmlText
{
    /// <summary>A writer for a published XML document, all of them alike: UTF-8 without a BOM, indented, LF line ends.</summary>
    public static XmlWriter CreateWriter(Stream output) => XmlWriter.Create(output, Settings);

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(false),
        Indent = true,
        NewLineChars = "\n",
        CheckCharacters = true,
    };

    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var firstBad = FirstInvalid(text);
        if (firstBad < 0)
        {
            return text;
        }

        var clean = new StringBuilder(text.Length);
        clean.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
            }
            else if (XmlConvert.IsXmlChar(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString();
    }

    private static int FirstInvalid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(c))
            {
                return i;
            }
        }

        return -1;
    }
}
