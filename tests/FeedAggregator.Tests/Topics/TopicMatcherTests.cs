using FeedAggregator.Topics;

namespace FeedAggregator.Tests.Topics;

public sealed class TopicMatcherTests
{
    private static IReadOnlyList<TopicMatch> Match(string query, MatchInput item) =>
        new TopicMatcher([new Topic("t", "T", null, query)]).Match(item);

    private static bool Matches(string query, string title, string summary = "") =>
        Match(query, MatchInput.Of(title, summary)).Count == 1;

    [TestCase("trafficking", "Human TRAFFICKING ring broken up", true)]
    [TestCase("traffick*", "Traffickers jailed", true)]
    [TestCase("traffick*", "Traffic jams in the city", false)]
    [TestCase("\"торговл* людьми\"", "Конференция о торговле людьми", true)]
    [TestCase("\"торговл* людьми\"", "Торговля оружием и люди", false)]
    [TestCase("работорговл*", "РАБОТОРГОВЛЯ в XXI веке", true)]
    [TestCase("\"trafficking in persons\"", "Report on trafficking in persons", true)]
    [TestCase("\"trafficking in persons\"", "Persons trafficking in drugs", false)]
    [TestCase("slavery NOT museum", "Modern slavery in farms", true)]
    [TestCase("slavery NOT museum", "Slavery museum opens", false)]
    [TestCase("a b OR c", "b a", true)]
    [TestCase("a b OR c", "a only", false)]
    [TestCase("a b OR c", "just c", true)]
    [TestCase("a AND (b OR c)", "a c", true)]
    [TestCase("NOT drugs", "weather", true)]
    [TestCase("ёлка", "Елка на площади", true)]
    [TestCase("елка", "Ёлка на площади", true)]
    [TestCase("cafe", "Café opens", true)]
    [TestCase("strasse", "Straße closed", true)]
    public void Match_BooleanRules(string query, string title, bool expected) =>
        Assert.That(Matches(query, title), Is.EqualTo(expected));

    [TestCase("торговл* NEAR/2 люд*", "торговля людьми", true)]
    [TestCase("торговл* NEAR/2 люд*", "людьми, как и торговля", true)]
    [TestCase("торговл* NEAR/2 люд*", "торговля живыми молодыми людьми", true)]
    [TestCase("торговл* NEAR/2 люд*", "торговля не только живыми молодыми людьми", false)]
    [TestCase("торговл* NEAR/0 люд*", "торговля людьми", true)]
    [TestCase("торговл* NEAR/0 люд*", "торговля и люди", false)]
    [TestCase("(sold OR sale) NEAR/3 (child* OR bride*)", "Brides were sold across the border", true)]
    [TestCase("\"forced labour\" NEAR/3 farm*", "farms used forced labour", true)]
    public void Match_Near_IsOrderFreeWithinDistance(string query, string title, bool expected) =>
        Assert.That(Matches(query, title), Is.EqualTo(expected));

    [Test]
    public void Match_Near_NeedsBothSidesInOneField()
    {
        Assert.That(Matches("torture NEAR/3 prison", "Torture", "in prison"), Is.False);
    }

    [TestCase("title:slavery", "Slavery", "", true)]
    [TestCase("title:slavery", "News", "slavery", false)]
    [TestCase("summary:slavery", "News", "slavery", true)]
    [TestCase("slavery", "News", "slavery", true)]
    public void Match_FieldScopes(string query, string title, string summary, bool expected) =>
        Assert.That(Matches(query, title, summary), Is.EqualTo(expected));

    [Test]
    public void Match_CategoryContentAuthorFeedAndLanguageScopes()
    {
        var item = new MatchInput("Title", "Summary", "Full text about bondage", ["Human rights", "Russia"], "Elena Olenina", "ru-RU", "kavkaz-uzel-ru", ["caucasus"]);

        Assert.Multiple(() =>
        {
            Assert.That(Match("category:\"human rights\"", item), Has.Count.EqualTo(1));
            Assert.That(Match("content:bondage", item), Has.Count.EqualTo(1));
            Assert.That(Match("summary:bondage", item), Is.Empty);
            Assert.That(Match("bondage", item), Has.Count.EqualTo(1), "unscoped terms read the content");
            Assert.That(Match("author:olenina", item), Has.Count.EqualTo(1));
            Assert.That(Match("olenina", item), Is.Empty, "unscoped terms do not read the author");
            Assert.That(Match("feed:kavkaz-uzel-ru", item), Has.Count.EqualTo(1));
            Assert.That(Match("feed:caucasus", item), Has.Count.EqualTo(1));
            Assert.That(Match("feed:un", item), Is.Empty);
            Assert.That(Match("lang:ru bondage", item), Has.Count.EqualTo(1));
            Assert.That(Match("lang:en", item), Is.Empty);
        });
    }

    [Test]
    public void Match_TopicLimits_LanguagesFeedsTags()
    {
        var russian = new MatchInput("slavery", "", "", [], null, "ru", "a", ["x"]);
        var english = new MatchInput("slavery", "", "", [], null, "en-GB", "b", ["y"]);
        var unknown = new MatchInput("slavery", "", "", [], null, null, "c", []);
        var matcher = new TopicMatcher(
        [
            new Topic("ru-only", "", null, "slavery") { Languages = ["ru"] },
            new Topic("en-only", "", null, "slavery") { Languages = ["en"] },
            new Topic("feed-a", "", null, "slavery") { Feeds = ["a"] },
            new Topic("tag-y", "", null, "slavery") { Tags = ["y"] },
            new Topic("all", "", null, "slavery"),
        ]);

        Assert.That(matcher.Match(russian).Select(m => m.TopicId), Is.EqualTo(new[] { "ru-only", "feed-a", "all" }));
        Assert.That(matcher.Match(english).Select(m => m.TopicId), Is.EqualTo(new[] { "en-only", "tag-y", "all" }));
        Assert.That(matcher.Match(unknown).Select(m => m.TopicId), Is.EqualTo(new[] { "all" }));
    }

    [Test]
    public void Match_Weights_ScoreReachesThreshold()
    {
        var topic = new Topic("w", "W", null, null)
        {
            Weights = [new("slavery", 3), new("\"forced labour\"", 4), new("museum", -10)],
            Threshold = 6,
        };
        var matcher = new TopicMatcher([topic]);

        var both = matcher.Match(MatchInput.Of("Slavery and forced labour on farms", ""));
        var one = matcher.Match(MatchInput.Of("Forced labour on farms", ""));
        var excluded = matcher.Match(MatchInput.Of("Slavery and forced labour museum", ""));

        Assert.That(both.Single().Explanation, Is.EqualTo(both.Single().Explanation with { Rule = MatchExplanation.Weights, Score = 7, Threshold = 6 }));
        Assert.That(both.Single().Explanation.Terms.Select(t => (t.Term, t.Weight)), Is.EqualTo(new[] { ("slavery", (double?)3), ("\"forced labour\"", 4) }));
        Assert.That(one, Is.Empty);
        Assert.That(excluded, Is.Empty);
    }

    [Test]
    public void Match_QueryOrWeights_EitherPathMatches()
    {
        var topic = new Topic("w", "W", null, "\"modern slavery\"") { Weights = [new("bondage", 5)], Threshold = 5 };
        var matcher = new TopicMatcher([topic]);

        Assert.That(matcher.Match(MatchInput.Of("Modern slavery", "")).Single().Explanation.Rule, Is.EqualTo(MatchExplanation.Query));
        Assert.That(matcher.Match(MatchInput.Of("Debt bondage", "")).Single().Explanation.Rule, Is.EqualTo(MatchExplanation.Weights));
    }

    [Test]
    public void Explain_NamesClauseTermsWordsAndFields()
    {
        var matches = Match("museum OR (\"торговл* людьми\" AND title:жертв*) OR работорговл*",
            MatchInput.Of("Жертвы торговли людьми", "Круглый стол о торговле людьми и работорговле"));

        var explanation = matches.Single().Explanation;
        Assert.That(explanation.Rule, Is.EqualTo(MatchExplanation.Query));
        Assert.That(explanation.Clause, Is.EqualTo("(\"торговл* людьми\" AND title:жертв*)"));
        Assert.That(explanation.Terms, Has.Count.EqualTo(2));
        Assert.That(explanation.Terms[0].Term, Is.EqualTo("\"торговл* людьми\""));
        Assert.That(explanation.Terms[0].Words, Is.EqualTo(new[] { "торговли людьми", "торговле людьми" }));
        Assert.That(explanation.Terms[0].Fields, Is.EqualTo(new[] { "title", "summary" }));
        Assert.That(explanation.Terms[1], Is.EqualTo(new MatchedTerm("title:жертв*", ["Жертвы"], ["title"])).Using<MatchedTerm>((a, b) =>
            a.Term == b.Term && a.Words.SequenceEqual(b.Words) && a.Fields.SequenceEqual(b.Fields)));
    }

    [Test]
    public void Explain_ContentSameAsALongSummary_NamesTheSummarysWords()
    {
        // Re-evaluation hands stored items over with the summary as content when they have none of their own: the
        // content is then walked from the summary's words, and must be explained from them too (not from a stale text).
        var text = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"w{i}")) + " harbour";
        var explanation = Match("harbour", new MatchInput("Harbour", text, text, [], null, null, null, [])).Single().Explanation;

        Assert.That(explanation.Terms.Single().Words, Is.EqualTo(new[] { "Harbour", "harbour" }));
        Assert.That(explanation.Terms.Single().Fields, Is.EqualTo(new[] { "title", "summary", "content" }));
    }

    [Test]
    public void Explain_NotPartsExplainNothing()
    {
        var explanation = Match("slavery NOT museum", MatchInput.Of("Slavery today", "")).Single().Explanation;

        Assert.That(explanation.Terms.Select(t => t.Term), Is.EqualTo(new[] { "slavery" }));
        Assert.That(explanation.Clause, Is.EqualTo("slavery NOT museum"));
    }

    [Test]
    public void Match_ManyTopics_OnlyThoseWhoseWordsAppear()
    {
        var topics = Enumerable.Range(0, 200).Select(i => new Topic($"t{i}", "", null, $"word{i} OR \"phrase{i} here\"")).ToList();
        topics.Add(new Topic("negative", "", null, "NOT word1"));
        var matcher = new TopicMatcher(topics);

        var matches = matcher.Match(MatchInput.Of("word7 and phrase9 here", "word1"));

        Assert.That(matches.Select(m => m.TopicId), Is.EqualTo(new[] { "t1", "t7", "t9" }));
    }

    [Test]
    public void Match_ConcurrentThreads_AgreeWithSequential()
    {
        var matcher = new TopicMatcher([new Topic("a", "", null, "alpha NEAR/1 beta"), new Topic("b", "", null, "gamma*")]);
        var items = Enumerable.Range(0, 2000).Select(i => MatchInput.Of(i % 2 == 0 ? "alpha x beta" : "gammas", i % 3 == 0 ? "beta alpha" : "")).ToList();
        var expected = items.Select(i => string.Join(',', matcher.Match(i, explain: false).Select(m => m.TopicId))).ToList();

        var actual = new string[items.Count];
        Parallel.For(0, items.Count, i => actual[i] = string.Join(',', matcher.Match(items[i], explain: false).Select(m => m.TopicId)));

        Assert.That(actual, Is.EqualTo(expected));
    }
}
