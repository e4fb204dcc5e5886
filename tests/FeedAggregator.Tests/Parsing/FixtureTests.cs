using FeedAggregator.Parsing;
using FeedAggregator.Tests.Support;

namespace FeedAggregator.Tests.Parsing;

/// <summary>Real-world-shaped fixtures, one per format, encoding and breakage; expected values from Fixtures/Parsing/MANIFEST.md.</summary>
public sealed class FixtureTests
{
    private static ParsedFeed Parse(string file, string? contentType = null, Uri? documentUri = null) =>
        FeedParser.Parse(Repository.FixtureBytes("Parsing/" + file), new FeedParseOptions(documentUri, contentType));

    [TestCase("rss090.rdf", null, "rss090", "utf-8", true, "Northfield Courier", 3, "urn:sha256:fcd48c24584b9be3174656e55b53d7d6", "http://courier.example.com/news/1999/03/court-asylum.html", "County court orders release of detained asylum seekers")]
    [TestCase("rss091-netscape.xml", null, "rss091", "iso-8859-1", true, "Riverside Daily — World", 3, "urn:sha256:6b1806862e718030aa7c4c44f02b68b9", "http://www.riverside-daily.example.com/world/2001/03/12/un-envoy.html", "UN envoy\u00A0— «Trafficking is a crime against humanity»")]
    [TestCase("rss092.xml", null, "rss092", "utf-8", true, "Metro Radio News", 3, "urn:sha256:aa0f739775ba031ddd02683cef4e4ff5", "http://radio.example.net/news/2001/11/15/evening.html", "Evening bulletin: court jails people smugglers")]
    [TestCase("rss093.xml", null, "rss093", "utf-8", true, "Eastbridge Community Radio", 2, "urn:sha256:a0ce0b96fb5dac4133957c26d2c78a97", "http://eastbridge.example.org/culture/roma-festival.html", "Festival of Roma music returns to Eastbridge")]
    [TestCase("rss094.xml", null, "rss094", "utf-8", true, "Harbourside Observer", 3, "http://observer.example.com/2003/09/24/legal-clinic.html", "http://observer.example.com/2003/09/24/legal-clinic.html", "Refugee council opens legal advice clinic")]
    [TestCase("rss20-full.xml", null, "rss20", "utf-8", true, "Rights & Borders Daily", 4, "ex-news-2024-04-12-0117", "https://news.example.org/2024/04/12/asylum-appeal-ruling", "Court upholds asylum seekers’ right to appeal removal orders")]
    [TestCase("rss10.rdf", null, "rss10", "utf-8", true, "Human Rights Observer", 3, "https://observer.example.net/2024/05/03/detention-report", "https://observer.example.net/2024/05/03/detention-report", "Report finds children held in immigration detention for months")]
    [TestCase("rss10-no-default-ns.rdf", null, "rss10", "utf-8", true, "Lakeside Chronicle", 3, "http://lakeside.example.com/news/2023/12/04/shelter", "http://lakeside.example.com/news/2023/12/04/shelter", "Winter shelter for homeless migrants opens early")]
    [TestCase("atom03.xml", null, "atom03", "utf-8", true, "Border Monitor", 3, "tag:bordermonitor.example.com,2004:entry-1201", "http://bordermonitor.example.com/2004/06/14/channel-rescue.html", "Coastguard rescues 43 people from dinghy in the Channel")]
    [TestCase("atom10-xmlbase.xml", null, "atom10", "utf-8", true, "Example Org News", 3, "tag:example.org,2024:news/story-1", "http://example.org/news/2024/story-1.html", "Photographers document life in a border town")]
    [TestCase("atom10-text-constructs.xml", null, "atom10", "utf-8", true, "Justice & Rights Wire", 4, "https://wire.example.com/?p=9101", "https://wire.example.com/2024/07/05/approval-rates", "Approval rate <10% for asylum applicants from three countries, report says")]
    [TestCase("jsonfeed10.json", null, "json10", "utf-8", true, "Refugee Voices", 3, "https://voices.example.org/2024/08/01/kitchen", "https://voices.example.org/2024/08/01/kitchen", "A Syrian chef’s kitchen becomes a classroom")]
    [TestCase("jsonfeed11.json", null, "json11", "utf-8", true, "Justice News", 3, "jn-2024-09-10-001", "https://justice.example.com/2024/09/10/pushbacks-ruling", "European court rules against pushbacks at land border")]
    [TestCase("ru-windows1251-nodecl.xml", "application/rss+xml; charset=windows-1251", "rss20", "windows-1251", true, "Правозащитный вестник", 3, "vestnik-2024-03-18-1", "http://vestnik.example.ru/news/2024/03/18/priyuty.html", "Торговля людьми: в Петербурге обсудили создание приютов для пострадавших")]
    [TestCase("ru-koi8r.xml", null, "rss20", "koi8-r", true, "Новости Поволжья", 3, "volga-20231120-01", "http://volga-news.example.ru/2023/11/20/patent.html", "Мигранты смогут обжаловать отказ в продлении патента через суд")]
    [TestCase("uk-koi8u.xml", null, "rss20", "koi8-u", true, "Український вісник прав людини", 3, "visnyk-2024-02-12-1", "http://visnyk.example.ua/2024/02/12/tsentr.html", "Київ: у столиці є новий ґендерний центр для постраждалих від торгівлі людьми")]
    [TestCase("utf16le-bom.xml", null, "rss20", "utf-16le", true, "Культура 🎭 Culture Weekly", 2, "culture-2024-06-15-1", "https://culture.example.org/2024/06/15/street-music", "Фестиваль уличной музыки 🎻 открылся в Казани")]
    [TestCase("utf16be-bom.xml", null, "rss20", "utf-16be", true, "Культура 🎭 Culture Weekly", 2, "culture-2024-06-15-1", "https://culture.example.org/2024/06/15/street-music", "Фестиваль уличной музыки 🎻 открылся в Казани")]
    [TestCase("utf16le-nobom.xml", null, "rss20", "utf-16le", true, "Культура 🎭 Culture Weekly", 2, "culture-2024-06-15-1", "https://culture.example.org/2024/06/15/street-music", "Фестиваль уличной музыки 🎻 открылся в Казани")]
    [TestCase("utf32le-bom.xml", null, "rss20", "utf-32le", true, "Культура 🎭 Culture Weekly", 2, "culture-2024-06-15-1", "https://culture.example.org/2024/06/15/street-music", "Фестиваль уличной музыки 🎻 открылся в Казани")]
    [TestCase("lying-declaration.xml", null, "rss20", "windows-1251", false, "Сибирские новости", 2, "sibnews-2024-01-25-7", "http://sibnews.example.ru/2024/01/25/trud.html", "Верховный суд пересмотрит дело о принудительном труде на стройке")]
    [TestCase("lying-declaration-utf8.xml", null, "rss20", "utf-8", false, "Дальневосточный обозреватель", 2, "dvo-2024-02-02-1", "http://dvo.example.ru/2024/02/02/ubezhishche.html", "Беженцы из Судана получили временное убежище во Владивостоке")]
    [TestCase("broken-entities.xml", null, "rss20", "utf-8", false, "Coastal Times", 3, "ct-2024-10-01-01", "https://coastaltimes.example.com/news?a=1&b=2", "Migrants’ rights groups & lawyers challenge new detention rules")]
    [TestCase("garbage-before-root.xml", null, "rss20", "utf-8", false, "Valley Voice", 2, "https://valleyvoice.example.com/?p=4812", "https://valleyvoice.example.com/2024/11/05/english-classes/", "Volunteers teach English to newly arrived families")]
    [TestCase("truncated.xml", null, "rss20", "utf-8", false, "Northern Star Courts", 2, "ns-courts-88121", "https://northernstar.example.com/courts/2024/03/04/gangmaster-jailed", "Gangmaster jailed for exploiting farm workers")]
    [TestCase("html-page.html", null, null, "utf-8", null, null, 0, null, null, null)]
    [TestCase("billion-laughs.xml", null, "rss20", "utf-8", null, "Entity expansion test", 2, "laughs-1", "https://attacker.example.com/1", "UNEXPANDED &lol9;")]
    [TestCase("xxe.xml", null, "rss20", "utf-8", null, "External entity test", 1, "xxe-1", "https://attacker.example.com/xxe", "UNEXPANDED &xxe;")]
    [TestCase("rss20-uppercase.xml", null, "rss20", "utf-8", true, "Valley FM News", 3, "vfm-8812", "http://valleyfm.example.com/news/2024/02/08/shelter-opens", "Shelter for trafficking survivors opens downtown")]
    public void Parse_Fixture_MatchesManifest(
        string file, string? contentType, string? format, string encoding, bool? wellFormed, string? title, int items,
        string? firstId, string? firstLink, string? firstTitle)
    {
        var feed = Parse(file, contentType);

        Assert.Multiple(() =>
        {
            Assert.That(feed.Format?.ToString().ToLowerInvariant(), Is.EqualTo(format), "format");
            Assert.That(feed.Encoding, Is.EqualTo(encoding), "encoding");
            if (wellFormed is { } expected)
            {
                Assert.That(feed.WellFormed, Is.EqualTo(expected), "wellFormed: " + string.Join("; ", feed.Problems));
            }

            Assert.That(feed.Problems, feed.WellFormed ? Is.Empty : Is.Not.Empty, "problems explain a document that is not well-formed");
            Assert.That(feed.Feed.Title?.Value, Is.EqualTo(title), "feed title");
            Assert.That(feed.Items, Has.Count.EqualTo(items), "item count");
            if (items > 0)
            {
                Assert.That(feed.Items[0].Id, Is.EqualTo(firstId), "first id");
                Assert.That(feed.Items[0].Link, Is.EqualTo(firstLink), "first link");
                if (firstTitle!.StartsWith("UNEXPANDED ", StringComparison.Ordinal))
                {
                    Assert.That(feed.Items[0].Title?.Value ?? "", Is.Empty.Or.EqualTo(firstTitle["UNEXPANDED ".Length..]), "entity never expanded");
                }
                else
                {
                    Assert.That(feed.Items[0].Title?.Value, Is.EqualTo(firstTitle), "first title");
                }
            }
        });
    }

    [Test]
    public void Parse_Windows1251WithoutHttpCharset_SniffedAndReported()
    {
        var feed = Parse("ru-windows1251-nodecl.xml");

        Assert.That(feed.Encoding, Is.EqualTo("windows-1251"));
        Assert.That(feed.Items[0].Title?.Value, Is.EqualTo("Торговля людьми: в Петербурге обсудили создание приютов для пострадавших"));
        Assert.That(feed.Problems, Has.Some.Contains("not UTF-8"));
    }

    [Test]
    public void Parse_AtomXmlBaseAtThreeLevels_ResolvesEveryUrl()
    {
        var feed = Parse("atom10-xmlbase.xml");
        var entry = feed.Items[0];
        var content = entry.Content.Single();

        Assert.That(feed.Feed.Link, Is.EqualTo("http://example.org/news/index.html"));
        Assert.That(entry.Link, Is.EqualTo("http://example.org/news/2024/story-1.html"));
        Assert.That(content.Base, Is.EqualTo("http://example.org/news/2024/photos/"));
        Assert.That(entry.Language, Is.EqualTo("en").Or.EqualTo("ru"));
    }

    [Test]
    public void Parse_Rss091Netscape_ReadsChannelPeopleAndImage()
    {
        var meta = Parse("rss091-netscape.xml").Feed;

        Assert.That(meta.Authors.Single(), Is.EqualTo(new Person("Jane Doe", "jane@example.org", null)));
        Assert.That(meta.Language, Is.EqualTo("en-us"));
        Assert.That(meta.Rights?.Value, Is.EqualTo("Copyright 2001, Riverside Daily Publishing\u00A0Co."));
        Assert.That(meta.Image, Is.EqualTo(new FeedImage("http://www.riverside-daily.example.com/images/rd-logo.gif", "Riverside Daily",
            "http://www.riverside-daily.example.com/", 88, 31)));
        Assert.That(meta.Updated?.Utc, Is.EqualTo(new DateTimeOffset(2001, 3, 12, 14, 30, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Parse_Rss20AllExtensions_LandWhereTheModelSays()
    {
        var feed = Parse("rss20-full.xml", null, new Uri("https://news.example.org/feeds/rss20-full.xml"));

        Assert.That(feed.Feed.Links.Select(l => l.Rel), Does.Contain("self").And.Contain("hub"));
        Assert.That(feed.Feed.Ttl, Is.Not.Null);
        Assert.That(feed.Feed.Generator?.Name, Is.Not.Null);
        Assert.That(feed.Feed.Image?.Url, Is.Not.Null);
        Assert.That(feed.Items.SelectMany(i => i.Content), Is.Not.Empty, "content:encoded");
        Assert.That(feed.Items.SelectMany(i => i.Enclosures), Is.Not.Empty, "enclosure and media:content");
        Assert.That(feed.Items.SelectMany(i => i.Links).Select(l => l.Rel), Does.Contain("thumbnail").And.Contain("replies"));
        Assert.That(feed.Items.Select(i => i.CommentCount), Has.Some.Not.Null, "slash:comments");
        Assert.That(feed.Items.SelectMany(i => i.Authors), Has.Some.Property(nameof(Person.Email)).Not.Null, "author as email (name)");
        Assert.That(feed.Items.Select(i => i.IsPermaLink), Has.Some.True.And.Some.False);
    }
}
