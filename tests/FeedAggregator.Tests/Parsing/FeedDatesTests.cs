using System.Globalization;
using System.Text;
using FeedAggregator.Parsing;

namespace FeedAggregator.Tests.Parsing;

public sealed class FeedDatesTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t\r\n")]
    public void Parse_NullOrBlank_ReturnsNull(string? raw) => Assert.That(FeedDates.Parse(raw), Is.Null);

    [Test]
    public void Parse_SurroundingWhitespace_IsTrimmedFromRaw()
    {
        var date = FeedDates.Parse("  Tue, 10 Jun 2003 04:00:00 GMT \n");

        Assert.That(date?.Raw, Is.EqualTo("Tue, 10 Jun 2003 04:00:00 GMT"));
        Assert.That(Format(date?.Utc), Is.EqualTo("2003-06-10T04:00:00Z"));
    }

    [TestCase("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Thu, 27 Sep 2012 18:00:00 +0400", "2012-09-27T14:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 UT", "2003-06-10T04:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 UTC", "2003-06-10T04:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 Z", "2003-06-10T04:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 +0000", "2003-06-10T04:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Fri, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("TUE, 10 JUN 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("tue, 10 jun 2003 04:00:00 gmt", "2003-06-10T04:00:00Z")]
    [TestCase("Tue., 10 Jun. 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Tue,, 10 Jun, 2003, 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Tuesday, 10 June 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Thursday, 10 September 2003 04:00:00 GMT", "2003-09-10T04:00:00Z")]
    [TestCase("Tue, 3 Jun 2003 4:05:06 GMT", "2003-06-03T04:05:06Z")]
    [TestCase("Tue,10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("10-Jun-2003 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00:00.250 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Sep 27, 2012 6:00 PM EDT", "2012-09-27T22:00:00Z")]
    [TestCase("Sep 27, 2012 12:30 AM GMT", "2012-09-27T00:30:00Z")]
    [TestCase("10 Jun 2003 GMT", "2003-06-10T00:00:00Z")]
    [TestCase("Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37Z")]
    [TestCase("Mon Sep 02 2013 10:52:20 GMT+0400 (Moscow Standard Time)", "2013-09-02T06:52:20Z")]
    public void Parse_Rfc2822AndVariants_ReadsAsUtc(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: false);

    [TestCase("Tue, 10 Jun 03 04:00:00 GMT", "2003-06-10T04:00:00Z")]
    [TestCase("Tue, 10 Jun 49 04:00:00 GMT", "2049-06-10T04:00:00Z")]
    [TestCase("Thu, 10 Jun 50 04:00:00 GMT", "1950-06-10T04:00:00Z")]
    [TestCase("Thu, 10 Jun 99 04:00:00 GMT", "1999-06-10T04:00:00Z")]
    [TestCase("Sat, 01 Jan 00 00:00:00 GMT", "2000-01-01T00:00:00Z")]
    public void Parse_TwoDigitYear_FollowsRfc2822Window(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: false);

    [TestCase("EST", "2003-06-10T17:00:00Z")]
    [TestCase("EDT", "2003-06-10T16:00:00Z")]
    [TestCase("CST", "2003-06-10T18:00:00Z")]
    [TestCase("CDT", "2003-06-10T17:00:00Z")]
    [TestCase("MST", "2003-06-10T19:00:00Z")]
    [TestCase("MDT", "2003-06-10T18:00:00Z")]
    [TestCase("PST", "2003-06-10T20:00:00Z")]
    [TestCase("PDT", "2003-06-10T19:00:00Z")]
    [TestCase("est", "2003-06-10T17:00:00Z")]
    [TestCase("MSK", "2003-06-10T09:00:00Z")]
    [TestCase("MSD", "2003-06-10T08:00:00Z")]
    [TestCase("CET", "2003-06-10T11:00:00Z")]
    [TestCase("CEST", "2003-06-10T10:00:00Z")]
    [TestCase("EET", "2003-06-10T10:00:00Z")]
    [TestCase("EEST", "2003-06-10T09:00:00Z")]
    [TestCase("BST", "2003-06-10T11:00:00Z")]
    [TestCase("IST", "2003-06-10T06:30:00Z")]
    [TestCase("JST", "2003-06-10T03:00:00Z")]
    [TestCase("KST", "2003-06-10T03:00:00Z")]
    [TestCase("HKT", "2003-06-10T04:00:00Z")]
    [TestCase("SGT", "2003-06-10T04:00:00Z")]
    [TestCase("WIB", "2003-06-10T05:00:00Z")]
    [TestCase("AEST", "2003-06-10T02:00:00Z")]
    [TestCase("AEDT", "2003-06-10T01:00:00Z")]
    [TestCase("NZST", "2003-06-10T00:00:00Z")]
    [TestCase("NZDT", "2003-06-09T23:00:00Z")]
    public void Parse_NamedZone_AppliesItsOffset(string zone, string expected) =>
        AssertRead($"Tue, 10 Jun 2003 12:00:00 {zone}", expected, zoneAssumed: false);

    [TestCase("+0300", "2003-06-10T09:00:00Z")]
    [TestCase("+03:00", "2003-06-10T09:00:00Z")]
    [TestCase("+03", "2003-06-10T09:00:00Z")]
    [TestCase("-0500", "2003-06-10T17:00:00Z")]
    [TestCase("-0500 (EST)", "2003-06-10T17:00:00Z")]
    [TestCase("+0530", "2003-06-10T06:30:00Z")]
    [TestCase("GMT+3", "2003-06-10T09:00:00Z")]
    [TestCase("GMT+03:00", "2003-06-10T09:00:00Z")]
    [TestCase("GMT-5", "2003-06-10T17:00:00Z")]
    [TestCase("UTC-0500", "2003-06-10T17:00:00Z")]
    [TestCase("UTC+01:00", "2003-06-10T11:00:00Z")]
    [TestCase("+0200 CEST", "2003-06-10T10:00:00Z")]
    public void Parse_NumericOrGmtOffset_AppliesIt(string zone, string expected) =>
        AssertRead($"Tue, 10 Jun 2003 12:00:00 {zone}", expected, zoneAssumed: false);

    [TestCase("A")]
    [TestCase("M")]
    [TestCase("N")]
    [TestCase("Y")]
    [TestCase("a")]
    public void Parse_MilitaryZone_ReadsAsUtcWithZoneAssumed(string zone) =>
        AssertRead($"Tue, 10 Jun 2003 12:00:00 {zone}", "2003-06-10T12:00:00Z", zoneAssumed: true);

    [TestCase("Tue, 10 Jun 2003 04:00:00", "2003-06-10T04:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00", "2003-06-10T04:00:00Z")]
    [TestCase("10 Jun 2003", "2003-06-10T00:00:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 -0000", "2003-06-10T04:00:00Z")]
    [TestCase("2024-05-01T09:00:00-00:00", "2024-05-01T09:00:00Z")]
    public void Parse_NoZoneOrNegativeZeroOffset_ReadsAsUtcWithZoneAssumed(string raw, string expected) =>
        AssertRead(raw, expected, zoneAssumed: true);

    [TestCase("Tue, 10 Jun 2003 24:00:00 GMT", "2003-06-11T00:00:00Z")]
    [TestCase("Tue, 31 Dec 2002 24:00 GMT", "2003-01-01T00:00:00Z")]
    [TestCase("2024-05-01T24:00:00Z", "2024-05-02T00:00:00Z")]
    public void Parse_Hour24_RollsToNextMidnight(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: false);

    [TestCase("Tue, 30 Jun 2015 23:59:60 GMT", "2015-06-30T23:59:59Z")]
    [TestCase("2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z")]
    public void Parse_LeapSecond_ClampsTo59(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: false);

    [TestCase("2024-05-01T09:00:00Z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01T09:00:00+03:00", "2024-05-01T06:00:00Z")]
    [TestCase("2024-05-01T09:00:00-05:00", "2024-05-01T14:00:00Z")]
    [TestCase("2024-05-01T09:00:00+0300", "2024-05-01T06:00:00Z")]
    [TestCase("2024-05-01T09:00:00+03", "2024-05-01T06:00:00Z")]
    [TestCase("2024-05-01T01:00:00+03:00", "2024-04-30T22:00:00Z")]
    [TestCase("2024-05-01T09:00:00.1Z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01T09:00:00.123Z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01T09:00:00.123456789012345+01:00", "2024-05-01T08:00:00Z")]
    [TestCase("2024-05-01T09:00:00,5Z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01 09:00:00Z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01t09:00:00z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01T09:00Z", "2024-05-01T09:00:00Z")]
    [TestCase("2024-05-01T09:00:00 +03:00", "2024-05-01T06:00:00Z")]
    [TestCase("2024-05-01 09:00:00 GMT", "2024-05-01T09:00:00Z")]
    [TestCase("20240501T100000Z", "2024-05-01T10:00:00Z")]
    [TestCase("20240501T1000+0200", "2024-05-01T08:00:00Z")]
    [TestCase("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z")]
    [TestCase("9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z")]
    [TestCase("2024-05-01T09:00:00+23:59", "2024-04-30T09:01:00Z")]
    public void Parse_Iso8601_ReadsAsUtc(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: false);

    [TestCase("2024", "2024-01-01T00:00:00Z")]
    [TestCase("2024-05", "2024-05-01T00:00:00Z")]
    [TestCase("2024-05-01", "2024-05-01T00:00:00Z")]
    [TestCase("2024-05-01T10:00", "2024-05-01T10:00:00Z")]
    [TestCase("2024-05-01T10:00:30", "2024-05-01T10:00:30Z")]
    [TestCase("20240501", "2024-05-01T00:00:00Z")]
    [TestCase("2024/05/01 10:00", "2024-05-01T10:00:00Z")]
    [TestCase("2013-09-02 10:52:20.0", "2013-09-02T10:52:20Z")]
    public void Parse_IsoWithoutZone_ReadsAsUtcWithZoneAssumed(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: true);

    [Test]
    public void Parse_IsoFraction_KeepsSevenDigitsWithoutRounding()
    {
        var utc = FeedDates.Parse("2024-05-01T09:00:59.99999999Z")?.Utc;

        Assert.That(utc, Is.EqualTo(new DateTimeOffset(2024, 5, 1, 9, 0, 59, TimeSpan.Zero).AddTicks(9_999_999)));
    }

    [TestCase("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37Z", true)]
    [TestCase("Sun Nov 6 08:49:37 1994", "1994-11-06T08:49:37Z", true)]
    [TestCase("Sun Nov 6 08:49:37 GMT 1994", "1994-11-06T08:49:37Z", false)]
    [TestCase("Sun Nov 6 08:49:37 +0300 1994", "1994-11-06T05:49:37Z", false)]
    public void Parse_Asctime_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("1700000000", "2023-11-14T22:13:20Z")]
    [TestCase("@1700000000", "2023-11-14T22:13:20Z")]
    [TestCase("999999999", "2001-09-09T01:46:39Z")]
    [TestCase("1700000000000", "2023-11-14T22:13:20Z")]
    [TestCase("1234567890123", "2009-02-13T23:31:30Z")]
    [TestCase("100000000000", "1973-03-03T09:46:40Z")]
    public void Parse_UnixTimestamp_ReadsSecondsOrMilliseconds(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: false);

    [TestCase("27 сентября 2012", "2012-09-27T00:00:00Z", true)]
    [TestCase("27 сен 2012", "2012-09-27T00:00:00Z", true)]
    [TestCase("27 сент. 2012", "2012-09-27T00:00:00Z", true)]
    [TestCase("Сентябрь 27, 2012", "2012-09-27T00:00:00Z", true)]
    [TestCase("27 сентября 2012 г.", "2012-09-27T00:00:00Z", true)]
    [TestCase("27 сентября 2012 года", "2012-09-27T00:00:00Z", true)]
    [TestCase("27 сентября 2012г. в 14:30", "2012-09-27T14:30:00Z", true)]
    [TestCase("ПЯТНИЦА, 27 СЕНТЯБРЯ 2012", "2012-09-27T00:00:00Z", true)]
    [TestCase("пт, 27 сент. 2012 14:30:00 +0400", "2012-09-27T10:30:00Z", false)]
    [TestCase("Пт, 27 Сен 2012 14:30:00 MSK", "2012-09-27T11:30:00Z", false)]
    [TestCase("27 сентябре 2012", "2012-09-27T00:00:00Z", true)]
    [TestCase("1 мая 2012", "2012-05-01T00:00:00Z", true)]
    [TestCase("Май 1, 2012", "2012-05-01T00:00:00Z", true)]
    [TestCase("Воскресенье, 30 декабря 2012 23:59", "2012-12-30T23:59:00Z", true)]
    [TestCase("27 сентября 2012 14:30", "2012-09-27T14:30:00Z", true)]
    public void Parse_RussianDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("15 января 2013", 1)]
    [TestCase("15 февраля 2013", 2)]
    [TestCase("15 марта 2013", 3)]
    [TestCase("15 апреля 2013", 4)]
    [TestCase("15 мая 2013", 5)]
    [TestCase("15 июня 2013", 6)]
    [TestCase("15 июля 2013", 7)]
    [TestCase("15 августа 2013", 8)]
    [TestCase("15 сентября 2013", 9)]
    [TestCase("15 октября 2013", 10)]
    [TestCase("15 ноября 2013", 11)]
    [TestCase("15 декабря 2013", 12)]
    [TestCase("15 січня 2013", 1)]
    [TestCase("15 лютого 2013", 2)]
    [TestCase("15 березня 2013", 3)]
    [TestCase("15 квітня 2013", 4)]
    [TestCase("15 травня 2013", 5)]
    [TestCase("15 червня 2013", 6)]
    [TestCase("15 липня 2013", 7)]
    [TestCase("15 серпня 2013", 8)]
    [TestCase("15 вересня 2013", 9)]
    [TestCase("15 жовтня 2013", 10)]
    [TestCase("15 листопада 2013", 11)]
    [TestCase("15 грудня 2013", 12)]
    public void Parse_RussianAndUkrainianGenitiveMonth_ReadsMonth(string raw, int month) =>
        AssertRead(raw, $"2013-{month:00}-15T00:00:00Z", zoneAssumed: true);

    [TestCase("27 вересня 2012", "2012-09-27T00:00:00Z", true)]
    [TestCase("п'ятниця, 28 вересня 2012 р.", "2012-09-28T00:00:00Z", true)]
    [TestCase("п’ятниця, 28 вересня 2012 року", "2012-09-28T00:00:00Z", true)]
    [TestCase("середа, 28 листопада 2012 о 14:00", "2012-11-28T14:00:00Z", true)]
    [TestCase("Ср, 28 лис 2012 14:00:00 +0200", "2012-11-28T12:00:00Z", false)]
    [TestCase("Вересень 27, 2012", "2012-09-27T00:00:00Z", true)]
    public void Parse_UkrainianDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("Do, 29 Mär 2018 10:00:00 +0200", "2018-03-29T08:00:00Z", false)]
    [TestCase("29. März 2018", "2018-03-29T00:00:00Z", true)]
    [TestCase("Donnerstag, 29. März 2018 10:00", "2018-03-29T10:00:00Z", true)]
    [TestCase("29. März 2018 um 10:00 Uhr", "2018-03-29T10:00:00Z", true)]
    [TestCase("1. Januar 2018", "2018-01-01T00:00:00Z", true)]
    [TestCase("1. Jänner 2018", "2018-01-01T00:00:00Z", true)]
    [TestCase("3. Okt. 2018", "2018-10-03T00:00:00Z", true)]
    [TestCase("Mo, 24 Dez 2018 18:00:00 MEZ", "2018-12-24T17:00:00Z", false)]
    [TestCase("Mi, 2 Mai 2018 10:00:00 MESZ", "2018-05-02T08:00:00Z", false)]
    [TestCase("Sonntag, 1. Juli 2018", "2018-07-01T00:00:00Z", true)]
    public void Parse_GermanDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("mer, 9 avr 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("9 avril 2018 10:00", "2018-04-09T10:00:00Z", true)]
    [TestCase("1er mai 2018", "2018-05-01T00:00:00Z", true)]
    [TestCase("lundi 9 avril 2018 à 14h30", "2018-04-09T14:30:00Z", true)]
    [TestCase("mar., 10 avr. 2018 10:00:00 +0200", "2018-04-10T08:00:00Z", false)]
    [TestCase("10 mars 2018", "2018-03-10T00:00:00Z", true)]
    [TestCase("14 juillet 2018", "2018-07-14T00:00:00Z", true)]
    [TestCase("21 juin 2018", "2018-06-21T00:00:00Z", true)]
    [TestCase("15 août 2018", "2018-08-15T00:00:00Z", true)]
    [TestCase("1 févr. 2018", "2018-02-01T00:00:00Z", true)]
    [TestCase("Mardi 25 décembre 2018", "2018-12-25T00:00:00Z", true)]
    [TestCase("le 9 avril 2018", "2018-04-09T00:00:00Z", true)]
    public void Parse_FrenchDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("mié, 9 abr 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("9 de abril de 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("martes, 10 de abril de 2018 10:00", "2018-04-10T10:00:00Z", true)]
    [TestCase("1 de enero de 2018", "2018-01-01T00:00:00Z", true)]
    [TestCase("5 de septiembre de 2018", "2018-09-05T00:00:00Z", true)]
    [TestCase("5 setiembre 2018", "2018-09-05T00:00:00Z", true)]
    [TestCase("12 de octubre del 2018", "2018-10-12T00:00:00Z", true)]
    [TestCase("sáb, 14 jul 2018 10:00:00 +0200", "2018-07-14T08:00:00Z", false)]
    [TestCase("25 dic 2018", "2018-12-25T00:00:00Z", true)]
    public void Parse_SpanishDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("mer, 11 apr 2018", "2018-04-11T00:00:00Z", true)]
    [TestCase("lunedì 9 aprile 2018 ore 10:00", "2018-04-09T10:00:00Z", true)]
    [TestCase("1 gennaio 2018", "2018-01-01T00:00:00Z", true)]
    [TestCase("1 maggio 2018", "2018-05-01T00:00:00Z", true)]
    [TestCase("2 giugno 2018", "2018-06-02T00:00:00Z", true)]
    [TestCase("gio, 12 lug 2018", "2018-07-12T00:00:00Z", true)]
    [TestCase("15 agosto 2018", "2018-08-15T00:00:00Z", true)]
    [TestCase("1 ottobre 2018", "2018-10-01T00:00:00Z", true)]
    [TestCase("martedì, 25 dicembre 2018", "2018-12-25T00:00:00Z", true)]
    public void Parse_ItalianDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("seg, 9 abr 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("segunda-feira, 9 de abril de 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("1 de março de 2018", "2018-03-01T00:00:00Z", true)]
    [TestCase("1 fev 2018", "2018-02-01T00:00:00Z", true)]
    [TestCase("7 de setembro de 2018", "2018-09-07T00:00:00Z", true)]
    [TestCase("12 out 2018", "2018-10-12T00:00:00Z", true)]
    [TestCase("sáb, 1 dez 2018", "2018-12-01T00:00:00Z", true)]
    [TestCase("25 de dezembro de 2018 às 10:00", "2018-12-25T10:00:00Z", true)]
    public void Parse_PortugueseDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("ma, 9 apr 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("9 maart 2018", "2018-03-09T00:00:00Z", true)]
    [TestCase("9 mrt 2018", "2018-03-09T00:00:00Z", true)]
    [TestCase("dinsdag 10 april 2018", "2018-04-10T00:00:00Z", true)]
    [TestCase("1 mei 2018", "2018-05-01T00:00:00Z", true)]
    [TestCase("3 okt 2018 om 10:00", "2018-10-03T10:00:00Z", true)]
    [TestCase("za, 14 jul 2018 10:00:00 +0200", "2018-07-14T08:00:00Z", false)]
    public void Parse_DutchDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("pon, 9 kwi 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("9 kwietnia 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("środa, 11 kwietnia 2018", "2018-04-11T00:00:00Z", true)]
    [TestCase("śr, 11 kwi 2018", "2018-04-11T00:00:00Z", true)]
    [TestCase("1 stycznia 2018", "2018-01-01T00:00:00Z", true)]
    [TestCase("14 lutego 2018", "2018-02-14T00:00:00Z", true)]
    [TestCase("8 marca 2018", "2018-03-08T00:00:00Z", true)]
    [TestCase("3 maja 2018", "2018-05-03T00:00:00Z", true)]
    [TestCase("28 czerwca 2018", "2018-06-28T00:00:00Z", true)]
    [TestCase("22 lipca 2018", "2018-07-22T00:00:00Z", true)]
    [TestCase("1 sierpnia 2018", "2018-08-01T00:00:00Z", true)]
    [TestCase("1 września 2018", "2018-09-01T00:00:00Z", true)]
    [TestCase("12 października 2018", "2018-10-12T00:00:00Z", true)]
    [TestCase("11 listopada 2018 o godz. 12:00", "2018-11-11T12:00:00Z", true)]
    [TestCase("czw, 24 gru 2018 10:00:00 +0100", "2018-12-24T09:00:00Z", false)]
    public void Parse_PolishDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("po 9. dubna 2018", "2018-04-09T00:00:00Z")]
    [TestCase("úterý 10. dubna 2018", "2018-04-10T00:00:00Z")]
    [TestCase("1. ledna 2018", "2018-01-01T00:00:00Z")]
    [TestCase("14. února 2018", "2018-02-14T00:00:00Z")]
    [TestCase("8. března 2018", "2018-03-08T00:00:00Z")]
    [TestCase("1. května 2018", "2018-05-01T00:00:00Z")]
    [TestCase("1. června 2018", "2018-06-01T00:00:00Z")]
    [TestCase("15. července 2018", "2018-07-15T00:00:00Z")]
    [TestCase("20. srpna 2018", "2018-08-20T00:00:00Z")]
    [TestCase("28. září 2018", "2018-09-28T00:00:00Z")]
    [TestCase("28. října 2018", "2018-10-28T00:00:00Z")]
    [TestCase("17. listopadu 2018", "2018-11-17T00:00:00Z")]
    [TestCase("24. prosince 2018", "2018-12-24T00:00:00Z")]
    [TestCase("čt, 12 dub 2018", "2018-04-12T00:00:00Z")]
    public void Parse_CzechDate_ReadsDate(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: true);

    [TestCase("Pzt, 09 Nis 2018", "2018-04-09T00:00:00Z", true)]
    [TestCase("9 Nisan 2018 Pazartesi", "2018-04-09T00:00:00Z", true)]
    [TestCase("Çar, 11 Nis 2018 10:00:00 +0300", "2018-04-11T07:00:00Z", false)]
    [TestCase("1 Ocak 2018", "2018-01-01T00:00:00Z", true)]
    [TestCase("14 Şubat 2018", "2018-02-14T00:00:00Z", true)]
    [TestCase("18 Mart 2018", "2018-03-18T00:00:00Z", true)]
    [TestCase("19 Mayıs 2018", "2018-05-19T00:00:00Z", true)]
    [TestCase("30 Haziran 2018", "2018-06-30T00:00:00Z", true)]
    [TestCase("Cmt, 14 Tem 2018", "2018-07-14T00:00:00Z", true)]
    [TestCase("9 Ağustos 2018", "2018-08-09T00:00:00Z", true)]
    [TestCase("30 Eylül 2018", "2018-09-30T00:00:00Z", true)]
    [TestCase("29 Ekim 2018", "2018-10-29T00:00:00Z", true)]
    [TestCase("10 Kasım 2018", "2018-11-10T00:00:00Z", true)]
    [TestCase("31 ARALIK 2018", "2018-12-31T00:00:00Z", true)]
    public void Parse_TurkishDate_ReadsDate(string raw, string expected, bool zoneAssumed) => AssertRead(raw, expected, zoneAssumed);

    [TestCase("29 Marz 2018", "2018-03-29T00:00:00Z")]
    [TestCase("29 Ma\u0308rz 2018", "2018-03-29T00:00:00Z")]
    [TestCase("15 AOUT 2018", "2018-08-15T00:00:00Z")]
    [TestCase("sroda, 11 kwietnia 2018", "2018-04-11T00:00:00Z")]
    [TestCase("1. cervna 2018", "2018-06-01T00:00:00Z")]
    [TestCase("mie, 9 ABR 2018", "2018-04-09T00:00:00Z")]
    [TestCase("14 subat 2018", "2018-02-14T00:00:00Z")]
    [TestCase("27 СЕНТЯБРЯ 2012", "2012-09-27T00:00:00Z")]
    public void Parse_NamesWithoutAccentsOrInOtherCase_AreRead(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: true);

    [TestCase("mar, 10 mar 2018", "2018-03-10T00:00:00Z")]
    [TestCase("mar, 10 abr 2018", "2018-04-10T00:00:00Z")]
    [TestCase("10 mar 2018", "2018-03-10T00:00:00Z")]
    [TestCase("Paz, 15 Nis 2018", "2018-04-15T00:00:00Z")]
    [TestCase("12 paź 2018", "2018-10-12T00:00:00Z")]
    [TestCase("mar 27.09.2012", "2012-09-27T00:00:00Z")]
    public void Parse_AbbreviationThatIsMonthOrWeekday_YieldsToAnyOtherMonth(string raw, string expected) =>
        AssertRead(raw, expected, zoneAssumed: true);

    [TestCase("June 1st, 2018", "2018-06-01T00:00:00Z")]
    [TestCase("2nd September 2013", "2013-09-02T00:00:00Z")]
    [TestCase("10th of June 2003", "2003-06-10T00:00:00Z")]
    [TestCase("2003 Jun 10", "2003-06-10T00:00:00Z")]
    public void Parse_EnglishDateInWords_ReadsDate(string raw, string expected) => AssertRead(raw, expected, zoneAssumed: true);

    [TestCase("27.09.2012", "2012-09-27T00:00:00Z")]
    [TestCase("27.09.2012 14:30", "2012-09-27T14:30:00Z")]
    [TestCase("27.09.12", "2012-09-27T00:00:00Z")]
    [TestCase("5.6.2012", "2012-06-05T00:00:00Z")]
    [TestCase("27/09/2012", "2012-09-27T00:00:00Z")]
    [TestCase("27-09-2012", "2012-09-27T00:00:00Z")]
    [TestCase("13/06/2012", "2012-06-13T00:00:00Z")]
    [TestCase("06/13/2012", "2012-06-13T00:00:00Z")]
    [TestCase("05/06/2012", "2012-05-06T00:00:00Z")]
    [TestCase("2012/09/27", "2012-09-27T00:00:00Z")]
    [TestCase("14:30 27.09.2012", "2012-09-27T14:30:00Z")]
    [TestCase("10/2/2013 10:52:20 PM", "2013-10-02T22:52:20Z")]
    public void Parse_NumericDate_IsDayFirstUnlessSlashedAndAmbiguous(string raw, string expected) =>
        AssertRead(raw, expected, zoneAssumed: true);

    [TestCase("31 Feb 2020")]
    [TestCase("Mon, 31 Feb 2020 10:00:00 GMT")]
    [TestCase("2023-02-29")]
    [TestCase("2023-02-29T12:00:00Z")]
    [TestCase("2024-05-01T09:00:00+24:00")]
    [TestCase("0001-01-01T00:30:00+01:00")]
    [TestCase("2024-02-30T10:00:00Z")]
    [TestCase("2024-13-01")]
    [TestCase("2024-00-10")]
    [TestCase("31.04.2012")]
    [TestCase("0000-05-01")]
    [TestCase("1 Jan 0000")]
    [TestCase("10000-01-01")]
    [TestCase("1 Jan 10000")]
    [TestCase("2024-05-01T25:00:00Z")]
    [TestCase("2024-05-01T10:60:00Z")]
    [TestCase("2024-05-01T24:30:00Z")]
    [TestCase("Tue, 10 Jun 2003 04:00:61 GMT")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 +2500")]
    [TestCase("Tue, 10 Jun 2003 13:00 PM")]
    [TestCase("9999-12-31T23:00:00-05:00")]
    [TestCase("0001-01-01T00:00:00+01:00")]
    public void Parse_OutOfRange_KeepsRawWithNullUtc(string raw) => AssertRead(raw, null, zoneAssumed: false);

    [TestCase("yesterday")]
    [TestCase("Posted on 10 June 2003")]
    [TestCase("в сентябре, 27 числа 2012")]
    [TestCase("1 ёжика 2012")]
    [TestCase("2024-05-01T09:00:00x0500")]
    [TestCase("10 Jun 2003 4pm")]
    [TestCase("Wed, 02 Oct 2002 08:00:00 EST5EDT")]
    [TestCase("32 Foo 2020")]
    [TestCase("Jun 2003")]
    [TestCase("10 Jun")]
    [TestCase("not a date 10 Jun 2003")]
    [TestCase("10 Jun Jul 2003")]
    [TestCase("10 Jun 2003 11 Jun 2003")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 J")]
    [TestCase("Tue, 10 Jun 2003 04:00:00 GMT (unclosed")]
    [TestCase("12:00")]
    [TestCase("+0300")]
    [TestCase("2024-05-01T10")]
    [TestCase("@")]
    [TestCase("@abc")]
    [TestCase("12345")]
    [TestCase("12345678901")]
    [TestCase("27.09")]
    [TestCase("10 Jun 2003 10:00 10:00")]
    [TestCase("2018年4月9日")]
    public void Parse_Unreadable_KeepsRawWithNullUtc(string raw) => AssertRead(raw, null, zoneAssumed: false);

    [Test]
    public void Parse_HugeOrBinaryInput_KeepsRawWithNullUtc()
    {
        var digits = new string('9', 1_000_000);
        var binary = new string(Enumerable.Range(0, 4096).Select(i => (char)(i * 7919 % 65536)).ToArray());
        var longDate = "Tue, 10 Jun 2003 04:00:00 GMT" + new string(' ', 200) + "(comment)";

        Assert.That(FeedDates.Parse(digits)?.Utc, Is.Null);
        Assert.That(FeedDates.Parse(binary)?.Utc, Is.Null);
        Assert.That(FeedDates.Parse(longDate)?.Utc, Is.Null);
        Assert.That(FeedDates.Parse("\0\uD800\uFFFF")?.Raw, Is.EqualTo("\0\uD800\uFFFF"));
    }

    [Test]
    public void Parse_RandomStrings_NeverThrow()
    {
        string[] seeds =
        [
            "Tue, 10 Jun 2003 04:00:00 GMT+03:00", "2024-05-01T09:00:00.123+03:00", "20240501T100000Z",
            "пт, 27 сент. 2012 14:30:00 +0400 (MSK)", "27.09.2012 14:30", "@1700000000", "Sun Nov  6 08:49:37 1994",
        ];
        const string alphabet = "0123456789::--++..,,//  ()TZtzGMTUCESPDAJanFebMaryoctсентябряÄäéłˇ\u0301'’@\0\uD800\uDC00\uFFFF\t";
        var random = new Random(20240501);
        var text = new StringBuilder();
        for (var n = 0; n < 10_000; n++)
        {
            text.Clear();
            if (n % 2 == 0)
            {
                var length = random.Next(0, n % 100 == 0 ? 400 : 48);
                for (var k = 0; k < length; k++)
                {
                    text.Append(random.Next(4) == 0 ? (char)random.Next(0, 65536) : alphabet[random.Next(alphabet.Length)]);
                }
            }
            else
            {
                // Near-misses of real dates reach deeper into the parser than noise does.
                text.Append(seeds[random.Next(seeds.Length)]);
                for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
                {
                    var at = random.Next(text.Length);
                    text[at] = alphabet[random.Next(alphabet.Length)];
                }
            }

            var raw = text.ToString();
            var date = FeedDates.Parse(raw);

            Assert.That(date is null, Is.EqualTo(string.IsNullOrWhiteSpace(raw)), raw);
            Assert.That(date?.Utc?.Offset ?? TimeSpan.Zero, Is.EqualTo(TimeSpan.Zero), raw);
        }
    }

    [TestCase("Tue, 10 Jun 2003 04:00:00 -0500 (EST)")]
    [TestCase("2024-05-01T09:00:00.123+03:00")]
    [TestCase("пт, 27 сент. 2012 14:30:00 +0400")]
    [TestCase("1700000000")]
    [TestCase("yesterday")]
    public void Parse_TrimmedInput_AllocatesOnlyTheResult(string raw)
    {
        FeedDates.Parse(raw);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            FeedDates.Parse(raw);
        }

        var perParse = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;

        // One FeedDate record is 56 bytes on 64-bit runtimes.
        Assert.That(perParse, Is.LessThanOrEqualTo(64));
    }

    private static void AssertRead(string raw, string? expected, bool zoneAssumed)
    {
        var date = FeedDates.Parse(raw);

        Assert.That(date, Is.Not.Null);
        Assert.That(date!.Raw, Is.EqualTo(raw.Trim()));
        Assert.That(Format(date.Utc), Is.EqualTo(expected));
        Assert.That(date.Utc?.Offset ?? TimeSpan.Zero, Is.EqualTo(TimeSpan.Zero));
        Assert.That(date.ZoneAssumed, Is.EqualTo(zoneAssumed));
    }

    private static string? Format(DateTimeOffset? utc) =>
        utc?.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
