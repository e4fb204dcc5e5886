using System.Globalization;
using System.Net;
using System.Text;
using FeedAggregator.Benchmarks.Topics;
using FeedAggregator.Normalising;
using FeedAggregator.Parsing;
using FeedAggregator.Sources;

namespace FeedAggregator.Benchmarks.Storage;

/// <summary>
/// News items for the store benchmarks, as polls of 20 feeds (10 English, 10 Russian) deliver them: each batch is one
/// RSS document of one feed, parsed and made safe by <see cref="FeedNormaliser"/> as ingest does before
/// <see cref="ItemNormaliser"/>. The text is the labelled sets' real titles and leads (so topic rules meet the words and
/// near misses of real news), recombined per item, with a place (one of 100) and a person's name (one of 4,000) so that
/// rare words exist beside common ones. About 3% of items are trafficking stories, the rest ordinary news and near
/// misses. Item n is the same on every run: its text depends only on n.
/// </summary>
internal sealed class StoreCorpus
{
    public const int FeedCount = 20;

    /// <summary>Publication of item 0; item n is 20 s later, so 100,000 items span 23 days before the benchmark's date.</summary>
    public static readonly DateTimeOffset Epoch = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly Pool[] pools;

    public StoreCorpus()
    {
        var labelled = TopicCorpus.LabelledSets.SelectMany(name => TopicCorpus.Read(Path.Combine(TopicCorpus.Folder, name))).ToList();
        pools = [.. new[] { "en", "ru" }.Select(lang => new Pool(
            [.. labelled.Where(i => i.Lang == lang && !i.Relevant)],
            [.. labelled.Where(i => i.Lang == lang && i.Relevant)]))];
    }

    public static FeedSource Feed(int index) => new(
        $"news-{index:D2}", new Uri($"https://news{index:D2}.example.org/rss"), $"News {index:D2}", Language(index),
        TimeSpan.FromMinutes(15), null, [index % 2 == 0 ? "international" : "russian"], true, false);

    public static string Language(int feed) => feed % 2 == 0 ? "en" : "ru";

    /// <summary>Items <c>first</c> to <c>first + count - 1</c>, all of the feed whose poll they are, ready for the item normaliser.</summary>
    public (FeedSource Feed, ParsedFeed Parsed) Batch(int first, int count, int feedIndex)
    {
        var feed = Feed(feedIndex);
        var xml = new StringBuilder(count * 4096);
        xml.Append(CultureInfo.InvariantCulture, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
            <title>{feed.Title}</title><link>https://news{feedIndex:D2}.example.org/</link><description>News</description>
            <language>{feed.Language}</language>

            """);
        for (var n = first + count - 1; n >= first; n--)
        {
            AppendItem(xml, n, feedIndex);
        }

        xml.Append("</channel></rss>\n");
        var parsed = FeedParser.Parse(Encoding.UTF8.GetBytes(xml.ToString()), feed.Url);
        FeedNormaliser.Normalise(parsed, feed.Url);
        return (feed, parsed);
    }

    private void AppendItem(StringBuilder xml, int n, int feedIndex)
    {
        var random = new Random(n);
        var lang = feedIndex % 2;
        var pool = pools[lang];
        var story = random.NextDouble() < 0.03 ? pool.Relevant : pool.Ordinary;
        var lead = story[random.Next(story.Length)];
        var place = Places[random.Next(Places.Length)].Split('|')[lang];
        var name = Name(random, lang);
        var summary = lang == 0
            ? $"{lead.Summary} {Other(random, pool).Summary} \"We will follow this closely,\" {name} said in {place}."
            : $"{lead.Summary} {Other(random, pool).Summary} «Мы будем следить за этим», — сказал {name} ({place}).";
        var content = new StringBuilder();
        content.Append("<p>").Append(WebUtility.HtmlEncode($"{place}. {summary}")).Append("</p>");
        for (var p = 0; p < 10; p++)
        {
            var paragraph = p % 4 == 3 && story == pool.Relevant ? story[random.Next(story.Length)] : Other(random, pool);
            content.Append("<p>").Append(WebUtility.HtmlEncode(paragraph.Summary)).Append("</p>");
        }

        var date = Epoch.AddSeconds(20.0 * n).ToString("ddd, dd MMM yyyy HH:mm:ss +0000", CultureInfo.InvariantCulture);
        xml.Append(CultureInfo.InvariantCulture, $"""
            <item><title>{WebUtility.HtmlEncode($"{place}: {lead.Title}")}</title>
            <link>https://news{feedIndex:D2}.example.org/{Epoch.AddSeconds(20.0 * n):yyyy/MM/dd}/{n}</link>
            <guid isPermaLink="false">store-bench-{n:D7}</guid><pubDate>{date}</pubDate>
            <dc:creator>{name}</dc:creator><category>{Sections[random.Next(Sections.Length)]}</category>
            <description>{WebUtility.HtmlEncode(summary)}</description>
            <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[{content}]]></content:encoded></item>

            """);
    }

    private static TopicCorpus.Labelled Other(Random random, Pool pool) => pool.Ordinary[random.Next(pool.Ordinary.Length)];

    private static string Name(Random random, int lang)
    {
        var (first, middle, last) = lang == 0 ? (EnFirst, EnMiddle, EnLast) : (RuFirst, RuMiddle, RuLast);
        return first[random.Next(first.Length)] + middle[random.Next(middle.Length)] + last[random.Next(last.Length)];
    }

    /// <summary>The generated topic that holds about 1% of items: news of one of the 100 places.</summary>
    public const string RegionalTopic = """
        { "id": "novosibirsk", "title": "Novosibirsk", "description": "News from Novosibirsk", "query": "novosibirsk OR новосибирск*" }
        """;

    private sealed record Pool(TopicCorpus.Labelled[] Ordinary, TopicCorpus.Labelled[] Relevant);

    private static readonly string[] Sections = ["Society", "Politics", "Economy", "World", "Regions", "Incidents", "Culture"];

    private static readonly string[] EnFirst = ["Kov", "Bel", "Mar", "Dan", "Sok", "Tar", "Vol", "Lis", "Ham", "Ber", "Cor", "Fen", "Gal", "Hol", "Jar", "Kel", "Lon", "Mor", "Nor", "Pel"];
    private static readonly string[] EnMiddle = ["al", "en", "ov", "ar", "es", "in", "or", "ul", "ad", "em", "ir", "on", "ab", "et", "il", "um", "ag", "ek", "ot", "ur"];
    private static readonly string[] EnLast = ["enko", "son", "ley", "ton", "ford", "wick", "man", "ski", "well", "ridge"];
    private static readonly string[] RuFirst = ["Ков", "Бел", "Мар", "Дан", "Сок", "Тар", "Вол", "Лис", "Гам", "Бер", "Кор", "Фен", "Гал", "Хол", "Яр", "Кел", "Лон", "Мор", "Нор", "Пел"];
    private static readonly string[] RuMiddle = ["ал", "ен", "ов", "ар", "ес", "ин", "ор", "ул", "ад", "ем", "ир", "он", "аб", "ет", "ил", "ум", "аг", "ек", "от", "ур"];
    private static readonly string[] RuLast = ["енко", "ский", "ович", "ин", "ов", "ев", "цкий", "анов", "енков", "ашин"];

    /// <summary>100 places, English and Russian.</summary>
    private static readonly string[] Places =
    [
        "Moscow|Москва", "Saint Petersburg|Санкт-Петербург", "Novosibirsk|Новосибирск", "Yekaterinburg|Екатеринбург", "Kazan|Казань",
        "Nizhny Novgorod|Нижний Новгород", "Chelyabinsk|Челябинск", "Samara|Самара", "Omsk|Омск", "Rostov-on-Don|Ростов-на-Дону",
        "Ufa|Уфа", "Krasnoyarsk|Красноярск", "Voronezh|Воронеж", "Perm|Пермь", "Volgograd|Волгоград", "Krasnodar|Краснодар",
        "Saratov|Саратов", "Tyumen|Тюмень", "Tolyatti|Тольятти", "Izhevsk|Ижевск", "Barnaul|Барнаул", "Ulyanovsk|Ульяновск",
        "Irkutsk|Иркутск", "Khabarovsk|Хабаровск", "Yaroslavl|Ярославль", "Vladivostok|Владивосток", "Makhachkala|Махачкала",
        "Tomsk|Томск", "Orenburg|Оренбург", "Kemerovo|Кемерово", "Ryazan|Рязань", "Astrakhan|Астрахань", "Penza|Пенза",
        "Lipetsk|Липецк", "Kirov|Киров", "Cheboksary|Чебоксары", "Tula|Тула", "Kaliningrad|Калининград", "Kursk|Курск",
        "Stavropol|Ставрополь", "Sochi|Сочи", "Tver|Тверь", "Magnitogorsk|Магнитогорск", "Ivanovo|Иваново", "Bryansk|Брянск",
        "Belgorod|Белгород", "Surgut|Сургут", "Vladimir|Владимир", "Arkhangelsk|Архангельск", "Chita|Чита", "Smolensk|Смоленск",
        "Kaluga|Калуга", "Kurgan|Курган", "Orel|Орёл", "Vologda|Вологда", "Grozny|Грозный", "Vladikavkaz|Владикавказ",
        "Murmansk|Мурманск", "Tambov|Тамбов", "Sterlitamak|Стерлитамак", "Petrozavodsk|Петрозаводск", "Kostroma|Кострома",
        "Nalchik|Нальчик", "Yakutsk|Якутск", "Syktyvkar|Сыктывкар", "Almaty|Алматы", "Astana|Астана", "Tashkent|Ташкент",
        "Bishkek|Бишкек", "Dushanbe|Душанбе", "Ashgabat|Ашхабад", "Baku|Баку", "Yerevan|Ереван", "Tbilisi|Тбилиси",
        "Minsk|Минск", "Chisinau|Кишинёв", "Kyiv|Киев", "Riga|Рига", "Vilnius|Вильнюс", "Tallinn|Таллин", "Warsaw|Варшава",
        "Berlin|Берлин", "Paris|Париж", "London|Лондон", "Madrid|Мадрид", "Rome|Рим", "Vienna|Вена", "Prague|Прага",
        "Budapest|Будапешт", "Bucharest|Бухарест", "Sofia|София", "Belgrade|Белград", "Athens|Афины", "Istanbul|Стамбул",
        "Dubai|Дубай", "Bangkok|Бангкок", "Delhi|Дели", "Beijing|Пекин", "Tokyo|Токио", "New York|Нью-Йорк",
    ];
}
