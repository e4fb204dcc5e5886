using System.Globalization;

namespace FeedAggregator.Sources;

/// <summary>Language codes operators may write: the ones the platform's culture data knows ("en", "ru", "pt-BR").</summary>
internal static class LanguageCodes
{
    public static bool IsKnown(string code)
    {
        if (code.Length == 0 || code.Any(c => !(char.IsAsciiLetter(c) || c == '-')))
        {
            return false;
        }

        try
        {
            return !string.IsNullOrEmpty(CultureInfo.GetCultureInfo(code, predefinedOnly: true).Name);
        }
        catch (CultureNotFoundException)
        {
            return false;
        }
    }
}
