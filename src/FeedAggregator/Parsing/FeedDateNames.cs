using System.Globalization;

namespace FeedAggregator.Parsing;

/// <summary>
/// The words <see cref="FeedDates"/> understands: month and weekday names in English, Russian, Ukrainian, German,
/// French, Spanish, Italian, Portuguese, Dutch, Polish, Czech and Turkish, the filler words those languages put
/// around dates, and time zone abbreviations. Names are compared after <see cref="Fold"/>, so the tables hold
/// lowercase stems without Latin diacritics.
/// </summary>
internal static class FeedDateNames
{
    public const int Weekday = 0;
    public const int Filler = -1;
    public const int Am = -2;
    public const int Pm = -3;
    public const int Unknown = -4;

    /// <summary>Added to a month for bare abbreviations that are a weekday in another language ("mar": mardi, martes, March).</summary>
    public const int MonthOrWeekday = 100;

    // Longer words are not names; the cap lets folding happen on the stack.
    private const int MaxWordLength = 24;

    // Stems match any word they begin, which covers full names, abbreviations and the grammatical cases of
    // Slavic and Turkish months ("сентябрь", "сентября", "сент"; "czerwiec", "czerwca") with one entry each.
    private static readonly string[][] MonthStems =
    [
        ["jan", "ene", "gen", "sty", "led", "oca", "янв", "січ"],
        ["feb", "fev", "lut", "uno", "sub", "фев", "лют"],
        ["mar", "mrz", "maart", "mrt", "bre", "мар", "бер"],
        ["apr", "abr", "avr", "kwi", "dub", "nis", "апр", "кві"],
        ["may", "mai", "mag", "mei", "maj", "kve", "май", "мая", "мае", "маю", "тра"],
        ["jun", "juin", "giu", "cze", "cerv", "haz", "июн", "чер"],
        ["jul", "juil", "lug", "lip", "cervenc", "tem", "июл", "лип"],
        ["aug", "aou", "ago", "sie", "srp", "agu", "авг", "серп"],
        ["sep", "set", "wrz", "zar", "eyl", "сен", "вер"],
        ["oct", "okt", "ott", "out", "pazd", "rij", "eki", "окт", "жов"],
        ["nov", "lis", "kas", "ноя", "лис"],
        ["dec", "dic", "dez", "gru", "pro", "ara", "дек", "гру"],
    ];

    private static readonly string[] WeekdayStems =
    [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
        "dien", "mitt", "donn", "frei", "sams", "sonn",
        "lun", "mard", "mer", "jeu", "ven", "sam", "dim",
        "marte", "mie", "jue", "vie", "sab", "dom", "gio",
        "seg", "ter", "qua", "qui", "sex",
        "maan", "dins", "woe", "dond", "vrij", "zat", "zon",
        "pon", "wto", "sro", "czw", "pia", "sob", "nie", "ndz",
        "uter", "stre", "ctvr", "pat", "nede",
        "pzt", "paza", "sal", "car", "per", "cum", "cmt",
        "пон", "вто", "сре", "чет", "пят", "суб", "вос",
        "вів", "сере", "п'ят", "нед",
    ];

    // Grouped by first letter so a word is compared with a handful of stems, not all of them.
    private static readonly Dictionary<char, (string Stem, int Code)[]> StemsByFirstLetter = BuildStems();

    // Too short to be stems without swallowing other names, so they must be the whole word.
    private static readonly Dictionary<string, int> WholeWords = new(StringComparer.Ordinal)
    {
        ["mo"] = Weekday, ["di"] = Weekday, ["mi"] = Weekday, ["do"] = Weekday, ["fr"] = Weekday,
        ["sa"] = Weekday, ["so"] = Weekday, ["ma"] = Weekday, ["wo"] = Weekday, ["vr"] = Weekday,
        ["za"] = Weekday, ["zo"] = Weekday, ["wt"] = Weekday, ["sr"] = Weekday, ["pt"] = Weekday,
        ["po"] = Weekday, ["ut"] = Weekday, ["ct"] = Weekday, ["pa"] = Weekday, ["ne"] = Weekday,
        ["пн"] = Weekday, ["вт"] = Weekday, ["ср"] = Weekday, ["чт"] = Weekday, ["пт"] = Weekday,
        ["сб"] = Weekday, ["вс"] = Weekday, ["нд"] = Weekday,
        ["mar"] = MonthOrWeekday + 3, ["paz"] = MonthOrWeekday + 10,
        ["am"] = Am, ["pm"] = Pm,
        ["de"] = Filler, ["del"] = Filler, ["of"] = Filler, ["the"] = Filler, ["on"] = Filler, ["at"] = Filler,
        ["le"] = Filler, ["a"] = Filler, ["as"] = Filler, ["o"] = Filler, ["om"] = Filler, ["um"] = Filler,
        ["uhr"] = Filler, ["alle"] = Filler, ["ore"] = Filler, ["las"] = Filler, ["t"] = Filler,
        ["er"] = Filler, ["st"] = Filler, ["nd"] = Filler, ["rd"] = Filler, ["th"] = Filler, ["º"] = Filler,
        ["feira"] = Filler, ["godz"] = Filler, ["saat"] = Filler,
        ["г"] = Filler, ["год"] = Filler, ["года"] = Filler, ["р"] = Filler, ["рік"] = Filler, ["року"] = Filler,
        ["в"] = Filler, ["о"] = Filler, ["у"] = Filler,
    };

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> WholeWordLookup =
        WholeWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Minutes east of UTC. Where an abbreviation is shared, the reading RFC 822 or English-language feeds
    // use wins: CST and AST are American, IST is India.
    private static readonly Dictionary<string, int> Zones = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UT"] = 0, ["UTC"] = 0, ["GMT"] = 0, ["Z"] = 0, ["WET"] = 0, ["WEST"] = 60, ["BST"] = 60,
        ["CET"] = 60, ["CEST"] = 120, ["MET"] = 60, ["MEST"] = 120, ["MEZ"] = 60, ["MESZ"] = 120,
        ["EET"] = 120, ["EEST"] = 180, ["MSK"] = 180, ["MSD"] = 240, ["TRT"] = 180, ["SAMT"] = 240,
        ["WAT"] = 60, ["CAT"] = 120, ["EAT"] = 180, ["SAST"] = 120, ["IST"] = 330, ["PKT"] = 300,
        ["YEKT"] = 300, ["OMST"] = 360, ["KRAT"] = 420, ["IRKT"] = 480, ["YAKT"] = 540, ["VLAT"] = 600,
        ["MAGT"] = 660, ["PETT"] = 720, ["ICT"] = 420, ["WIB"] = 420, ["WITA"] = 480, ["WIT"] = 540,
        ["HKT"] = 480, ["SGT"] = 480, ["PHT"] = 480, ["AWST"] = 480, ["JST"] = 540, ["KST"] = 540,
        ["ACST"] = 570, ["ACDT"] = 630, ["AEST"] = 600, ["AEDT"] = 660, ["NZST"] = 720, ["NZDT"] = 780,
        ["NST"] = -210, ["NDT"] = -150, ["AST"] = -240, ["ADT"] = -180, ["EST"] = -300, ["EDT"] = -240,
        ["CST"] = -360, ["CDT"] = -300, ["MST"] = -420, ["MDT"] = -360, ["PST"] = -480, ["PDT"] = -420,
        ["AKST"] = -540, ["AKDT"] = -480, ["HST"] = -600, ["BRT"] = -180, ["ART"] = -180, ["CLT"] = -240,
    };

    private static readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> ZoneLookup =
        Zones.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>A month 1–12, <see cref="MonthOrWeekday"/> plus a month, or one of the other constants.</summary>
    public static int Classify(ReadOnlySpan<char> word)
    {
        Span<char> folded = stackalloc char[MaxWordLength];
        var length = 0;
        foreach (var c in word)
        {
            // Decomposed text carries accents as separate marks; dropping them matches what Fold does to precomposed letters.
            if (char.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (length == folded.Length)
            {
                return Unknown;
            }

            folded[length++] = Fold(c);
        }

        ReadOnlySpan<char> key = folded[..length];
        if (WholeWordLookup.TryGetValue(key, out var code))
        {
            return code;
        }

        if (length == 0 || !StemsByFirstLetter.TryGetValue(key[0], out var stems))
        {
            return Unknown;
        }

        foreach (var (stem, stemCode) in stems)
        {
            if (key.StartsWith(stem, StringComparison.Ordinal))
            {
                return stemCode;
            }
        }

        return Unknown;
    }

    public static bool TryZone(ReadOnlySpan<char> word, out int minutes) => ZoneLookup.TryGetValue(word, out minutes);

    public static bool IsApostrophe(char c) => c is '\'' or '’' or 'ʼ';

    private static char Fold(char c) => char.ToLowerInvariant(c) switch
    {
        'à' or 'á' or 'â' or 'ã' or 'ä' or 'å' or 'ą' => 'a',
        'ç' or 'ć' or 'č' => 'c',
        'ď' => 'd',
        'è' or 'é' or 'ê' or 'ë' or 'ę' or 'ě' => 'e',
        'ğ' => 'g',
        'ì' or 'í' or 'î' or 'ï' or 'ı' => 'i',
        'ł' => 'l',
        'ñ' or 'ń' or 'ň' => 'n',
        'ò' or 'ó' or 'ô' or 'õ' or 'ö' or 'ő' => 'o',
        'ř' => 'r',
        'ś' or 'ş' or 'š' => 's',
        'ť' => 't',
        'ù' or 'ú' or 'û' or 'ü' or 'ů' or 'ű' => 'u',
        'ý' or 'ÿ' => 'y',
        'ź' or 'ż' or 'ž' => 'z',
        'ё' => 'е',
        '’' or 'ʼ' => '\'',
        var lower => lower,
    };

    private static Dictionary<char, (string Stem, int Code)[]> BuildStems()
    {
        var stems = new List<(string Stem, int Code)>();
        for (var month = 1; month <= MonthStems.Length; month++)
        {
            foreach (var stem in MonthStems[month - 1])
            {
                stems.Add((stem, month));
            }
        }

        foreach (var stem in WeekdayStems)
        {
            stems.Add((stem, Weekday));
        }

        // Longest first, so "marte" (martes) wins over "mar" and "cervenc" (July) over "cerv" (June).
        return stems
            .GroupBy(entry => entry.Stem[0])
            .ToDictionary(group => group.Key, group => group.OrderByDescending(entry => entry.Stem.Length).ToArray());
    }
}
