using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

public sealed class FeedDatesTests
{
    [TestCase("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Thu, 27 Sep 2012 18:00:00 +0400", "2012-09-27T14:00:00Z")]
    [TestCase("27 Sep 2012 18:00 +0400", "2012-09-27T14:00:00Z")]
    [TestCase("Mon, 27 Sep 12 18:00:00 MSK", "2012-09-27T15:00:00Z")]
    [TestCase("Wed, 02 Oct 2002 08:00:00 EST", "2002-10-02T13:00:00Z")]
    [TestCase("Wed, 02 Oct 2002 08:00:00 GMT+3", "2002-10-02T05:00:00Z")]
    [TestCase("wed, 02 oct 2002 08:00:00 +03:00", "2002-10-02T05:00:00Z")]
    [TestCase("2024-05-01T09:00:00+03:00", "2024-05-01T06:00:00Z")]
    [TestCase("2024-05-01T09:00:00.123Z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01T09:00:00", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01", "2024-05-01T00:00:00Z")]
    public void Parse_KnownShapes_ReadAsUtc(string raw, string expected)
    {
        var date = FeedDates.Parse(raw);

        Assert.That(date?.Raw, Is.EqualTo(raw));
        Assert.That(date?.Utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [TestCase("yesterday")]
    [TestCase("32 Foo 2020")]
    [TestCase("Mon, 31 Feb 2020 10:00:00 GMT")]
    public void Parse_Unreadable_KeepsRawWithNullUtc(string raw)
    {
        var date = FeedDates.Parse(raw);

        Assert.That(date?.Raw, Is.EqualTo(raw));
        Assert.That(date?.Utc, Is.Null);
    }

    [TestCase(null)]
    [TestCase("  ")]
    public void Parse_Empty_IsNull(string? raw) => Assert.That(FeedDates.Parse(raw), Is.Null);
}
