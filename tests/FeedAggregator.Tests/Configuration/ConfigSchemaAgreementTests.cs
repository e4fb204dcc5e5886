namespace FeedAggregator.Tests.Configuration;

/// <summary>
/// Documents put to both the schema and the service (FeedsFile.Load, TopicsFile.Load): an editor's verdict is only worth
/// having when it is the service's. Where they differ by design, the difference is a case of its own, checked both ways.
/// </summary>
public sealed class ConfigSchemaAgreementTests
{
    [TestCase("empty list", """{ "feeds": [] }""", true)]
    [TestCase("root $schema and $comment", """{ "$schema": "./feeds.schema.json", "$comment": "ops", "feeds": [ { "id": "a", "url": "https://example.org/rss" } ] }""", true)]
    [TestCase("every field", """{ "feeds": [ { "$comment": ["why", 1], "id": "un-news.en_1", "url": "HTTPS://news.un.org/rss.xml", "title": "UN", "language": "pt-BR", "interval": "00:15", "cron": "0 0/10 * * * ?", "tags": ["un", " "], "enabled": false, "sample": true } ] }""", true)]
    [TestCase("nulls read as absent", """{ "feeds": [ { "id": "a", "url": "file:samples/a.xml", "title": null, "language": null, "interval": null, "cron": null, "tags": null, "enabled": null, "sample": null } ] }""", true)]
    [TestCase("interval in days", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "interval": "1.00:00:00" } ] }""", true)]
    [TestCase("interval d:hh:mm:ss", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "interval": "1:00:00:00" } ] }""", true)]
    [TestCase("absolute file url", """{ "feeds": [ { "id": "a", "url": "file:///srv/feeds/a.xml" } ] }""", true)]
    [TestCase("root is an array", """[]""", false)]
    [TestCase("no feeds", """{ }""", false)]
    [TestCase("feeds not an array", """{ "feeds": {} }""", false)]
    [TestCase("feed not an object", """{ "feeds": [ "a" ] }""", false)]
    [TestCase("unknown field", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "intervall": "00:15:00" } ] }""", false)]
    [TestCase("missing id", """{ "feeds": [ { "url": "https://example.org/rss" } ] }""", false)]
    [TestCase("id in capitals", """{ "feeds": [ { "id": "UN-News", "url": "https://example.org/rss" } ] }""", false)]
    [TestCase("id with two dashes", """{ "feeds": [ { "id": "a--b", "url": "https://example.org/rss" } ] }""", false)]
    [TestCase("id ending in a dash", """{ "feeds": [ { "id": "a-", "url": "https://example.org/rss" } ] }""", false)]
    [TestCase("id a number", """{ "feeds": [ { "id": 5, "url": "https://example.org/rss" } ] }""", false)]
    [TestCase("missing url", """{ "feeds": [ { "id": "a" } ] }""", false)]
    [TestCase("empty url", """{ "feeds": [ { "id": "a", "url": "" } ] }""", false)]
    [TestCase("ftp url", """{ "feeds": [ { "id": "a", "url": "ftp://example.org/rss" } ] }""", false)]
    [TestCase("url without scheme", """{ "feeds": [ { "id": "a", "url": "example.org/rss" } ] }""", false)]
    [TestCase("file url with one slash", """{ "feeds": [ { "id": "a", "url": "file:/srv/a.xml" } ] }""", false)]
    [TestCase("interval a bare number", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "interval": "15" } ] }""", false)]
    [TestCase("interval a JSON number", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "interval": 900 } ] }""", false)]
    [TestCase("interval in words", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "interval": "15 minutes" } ] }""", false)]
    [TestCase("cron with five fields", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "cron": "*/10 * * * *" } ] }""", false)]
    [TestCase("tags a string", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "tags": "un" } ] }""", false)]
    [TestCase("tag a number", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "tags": [1] } ] }""", false)]
    [TestCase("enabled a string", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "enabled": "yes" } ] }""", false)]
    [TestCase("sample a number", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "sample": 1 } ] }""", false)]
    [TestCase("empty language", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "language": "" } ] }""", false)]
    [TestCase("title a number", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "title": 5 } ] }""", false)]
    [TestCase("unknown root field", """{ "feeds": [], "version": 2 }""", false)]
    public Task Feeds_SchemaAndServiceAgree(string label, string json, bool accepted) => AgreeAsync("feeds", label, json, accepted);

    [TestCase("empty list", """{ "topics": [] }""", true)]
    [TestCase("root $schema and $comment", """{ "$schema": "./topics.schema.json", "$comment": "ops", "topics": [ { "id": "a", "query": "fire*" } ] }""", true)]
    [TestCase("every field", """{ "topics": [ { "$comment": "why", "id": "wildfires", "title": "Wildfires", "description": "Fires", "query": "wildfire*", "weights": [ { "$comment": "why", "match": "evacuat*", "weight": 2 }, { "match": "\"fire sale\"", "weight": -5.5 } ], "threshold": 4, "languages": ["en", " ru ", "eng"], "feeds": ["un-news-en"], "tags": ["caucasus"], "window": "12h" } ] }""", true)]
    [TestCase("weights only", """{ "topics": [ { "id": "a", "weights": [ { "match": "fire*", "weight": 1 } ], "threshold": 1 } ] }""", true)]
    [TestCase("blank query beside weights", """{ "topics": [ { "id": "a", "query": " ", "weights": [ { "match": "fire*", "weight": 1 } ], "threshold": 1 } ] }""", true)]
    [TestCase("query and no weights", """{ "topics": [ { "id": "a", "query": "fire", "weights": [] } ] }""", true)]
    [TestCase("nulls read as absent", """{ "topics": [ { "id": "a", "query": "fire", "title": null, "description": null, "weights": null, "threshold": null, "languages": null, "feeds": null, "tags": null, "window": null } ] }""", true)]
    [TestCase("root is an array", """[]""", false)]
    [TestCase("no topics", """{ }""", false)]
    [TestCase("topic not an object", """{ "topics": [ 1 ] }""", false)]
    [TestCase("unknown field", """{ "topics": [ { "id": "a", "querry": "fire" } ] }""", false)]
    [TestCase("missing id", """{ "topics": [ { "query": "fire" } ] }""", false)]
    [TestCase("id in capitals", """{ "topics": [ { "id": "Wildfires", "query": "fire" } ] }""", false)]
    [TestCase("neither query nor weights", """{ "topics": [ { "id": "a", "title": "A" } ] }""", false)]
    [TestCase("blank query alone", """{ "topics": [ { "id": "a", "query": "  " } ] }""", false)]
    [TestCase("weights without threshold", """{ "topics": [ { "id": "a", "weights": [ { "match": "fire*", "weight": 1 } ] } ] }""", false)]
    [TestCase("weights with a null threshold", """{ "topics": [ { "id": "a", "weights": [ { "match": "fire*", "weight": 1 } ], "threshold": null } ] }""", false)]
    [TestCase("threshold without weights", """{ "topics": [ { "id": "a", "query": "fire", "threshold": 3 } ] }""", false)]
    [TestCase("unknown root field", """{ "topics": [], "version": 2 }""", false)]
    [TestCase("unknown field in a weights entry", """{ "topics": [ { "id": "a", "weights": [ { "match": "fire", "weight": 1, "wieght": 2 } ], "threshold": 1 } ] }""", false)]
    [TestCase("threshold with no weights", """{ "topics": [ { "id": "a", "query": "fire", "weights": [], "threshold": 3 } ] }""", false)]
    [TestCase("threshold a string", """{ "topics": [ { "id": "a", "weights": [ { "match": "fire*", "weight": 1 } ], "threshold": "3" } ] }""", false)]
    [TestCase("weight missing", """{ "topics": [ { "id": "a", "weights": [ { "match": "fire*" } ], "threshold": 1 } ] }""", false)]
    [TestCase("weight a string", """{ "topics": [ { "id": "a", "weights": [ { "match": "fire*", "weight": "2" } ], "threshold": 1 } ] }""", false)]
    [TestCase("blank match", """{ "topics": [ { "id": "a", "weights": [ { "match": " ", "weight": 2 } ], "threshold": 1 } ] }""", false)]
    [TestCase("weights entry a string", """{ "topics": [ { "id": "a", "weights": [ "fire*" ], "threshold": 1 } ] }""", false)]
    [TestCase("weights an object", """{ "topics": [ { "id": "a", "weights": { "match": "fire*", "weight": 2 }, "threshold": 1 } ] }""", false)]
    [TestCase("language in capitals", """{ "topics": [ { "id": "a", "query": "fire", "languages": ["EN"] } ] }""", false)]
    [TestCase("language a name", """{ "topics": [ { "id": "a", "query": "fire", "languages": ["english"] } ] }""", false)]
    [TestCase("languages a string", """{ "topics": [ { "id": "a", "query": "fire", "languages": "en" } ] }""", false)]
    [TestCase("feed not an id", """{ "topics": [ { "id": "a", "query": "fire", "feeds": ["UN News"] } ] }""", false)]
    [TestCase("blank tag", """{ "topics": [ { "id": "a", "query": "fire", "tags": [" "] } ] }""", false)]
    [TestCase("window of zero days", """{ "topics": [ { "id": "a", "query": "fire", "window": "0d" } ] }""", false)]
    [TestCase("window in minutes", """{ "topics": [ { "id": "a", "query": "fire", "window": "30m" } ] }""", false)]
    [TestCase("window without unit", """{ "topics": [ { "id": "a", "query": "fire", "window": "30" } ] }""", false)]
    [TestCase("window a number", """{ "topics": [ { "id": "a", "query": "fire", "window": 30 } ] }""", false)]
    [TestCase("description a number", """{ "topics": [ { "id": "a", "query": "fire", "description": 5 } ] }""", false)]
    public Task Topics_SchemaAndServiceAgree(string label, string json, bool accepted) => AgreeAsync("topics", label, json, accepted);

    // Rules a JSON Schema cannot express: values that must parse or compile (a time span's ranges, a Quartz cron
    // expression, a URL, a culture the system knows, the query language, a number that fits an int) and ids unique
    // across a list. The schema checks the shape of these; only the service refuses them, each with its own message.
    [TestCase("feeds", "interval under a minute", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "interval": "00:00:30" } ] }""", "shorter than the minimum")]
    [TestCase("feeds", "interval out of range", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "interval": "00:60:00" } ] }""", "is not a time span")]
    [TestCase("feeds", "cron that does not parse", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "cron": "0 0 25 * * ?" } ] }""", "not a valid Quartz cron expression")]
    [TestCase("feeds", "url that does not parse", """{ "feeds": [ { "id": "a", "url": "https://exa mple.org/rss" } ] }""", "is not an absolute http, https or file URL")]
    [TestCase("feeds", "unknown language", """{ "feeds": [ { "id": "a", "url": "https://example.org/rss", "language": "xx" } ] }""", "is not a language code")]
    [TestCase("feeds", "duplicate ids", """{ "feeds": [ { "id": "a", "url": "https://example.org/a" }, { "id": "a", "url": "https://example.org/b" } ] }""", "ids must be unique")]
    [TestCase("topics", "query that does not compile", """{ "topics": [ { "id": "a", "query": "a OR \"broken" } ] }""", "unmatched '\"'")]
    [TestCase("topics", "match that does not compile", """{ "topics": [ { "id": "a", "weights": [ { "match": "(fire", "weight": 1 } ], "threshold": 1 } ] }""", "weights[0].match")]
    [TestCase("topics", "window past an int", """{ "topics": [ { "id": "a", "query": "fire", "window": "99999999999d" } ] }""", "is not a window")]
    [TestCase("topics", "duplicate ids", """{ "topics": [ { "id": "a", "query": "fire" }, { "id": "a", "query": "flood" } ] }""", "ids must be unique")]
    public async Task OnlyTheServiceRefuses_WhatASchemaCannotExpress(string file, string label, string json, string reason)
    {
        var schema = await ConfigSchemas.SchemaErrorsAsync(file, json);
        var service = ConfigSchemas.ServiceErrors(file, json);

        Assert.That(schema, Is.Empty, label);
        Assert.That(service, Has.Some.Contain(reason), label);
    }

    private static async Task AgreeAsync(string file, string label, string json, bool accepted)
    {
        var schema = await ConfigSchemas.SchemaErrorsAsync(file, json);
        var service = ConfigSchemas.ServiceErrors(file, json);

        Assert.That(schema.Length == 0, Is.EqualTo(accepted), $"{label}: schema says {string.Join("; ", schema)}");
        Assert.That(service.Length == 0, Is.EqualTo(accepted), $"{label}: service says {string.Join("; ", service)}");
    }
}
