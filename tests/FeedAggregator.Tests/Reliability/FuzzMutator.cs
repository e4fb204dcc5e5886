namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// Builds fuzz cases from valid fixtures: every case is a pure function of (seed, case index), so any one of a million
/// can be rebuilt alone and replayed. This part holds the byte-level mutations; the structural ones (encodings, huge
/// attributes, deep nesting) are in FuzzMutator.Structure.cs.
/// </summary>
internal sealed partial class FuzzMutator(IReadOnlyList<FuzzFixture> fixtures)
{
    public static readonly FuzzMutation[] Kinds = Enum.GetValues<FuzzMutation>();

    private static readonly Uri?[] DocumentUris =
    [
        null,
        new("https://news.example.org/feeds/world.xml"),
        new("http://example.com/"),
        new("https://example.org/a/b/c.rss?x=1#top"),
        new("file:///srv/feeds/local.xml"),
    ];

    private static readonly string[] XmlContentTypes =
        ["application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "text/html", "application/octet-stream"];

    private static readonly string[] JsonContentTypes = ["application/feed+json", "application/json", "text/plain"];

    public IReadOnlyList<FuzzFixture> Fixtures { get; } = fixtures.Count > 0 ? fixtures : throw new ArgumentException("no fixtures to mutate", nameof(fixtures));

    public FuzzCase Generate(ulong seed, long index)
    {
        var random = FuzzRandom.ForCase(seed, index);
        var fixture = random.Pick(Fixtures);
        var contentType = random.Chance(20) ? null
            : random.Pick(fixture.Name.EndsWith(".json", StringComparison.Ordinal) ? JsonContentTypes : XmlContentTypes);
        var documentUri = random.Pick(DocumentUris);
        var count = random.Chance(25) ? random.Between(2, 3) : 1;
        var mutations = new List<FuzzMutation>(count);
        var details = new List<string>(count);
        var bytes = fixture.Bytes;
        for (var i = 0; i < count; i++)
        {
            var mutation = random.Pick(Kinds);
            mutations.Add(mutation);
            bytes = mutation switch
            {
                FuzzMutation.BitFlip => FlipBits(bytes, ref random, details),
                FuzzMutation.Truncation => Truncate(bytes, ref random, details),
                FuzzMutation.Splice => Splice(bytes, ref random, details),
                FuzzMutation.EncodingSwap => SwapEncoding(bytes, ref random, ref contentType, details),
                FuzzMutation.HugeAttribute => AddHugeAttribute(bytes, ref random, details),
                FuzzMutation.DeepNesting => NestDeeply(bytes, ref random, details),
                FuzzMutation.NulBytes => AddNulBytes(bytes, ref random, details),
                FuzzMutation.InvalidUtf8 => BreakUtf8(bytes, ref random, details),
                _ => throw new InvalidOperationException($"mutation {mutation} has no implementation"),
            };
        }

        return new FuzzCase(seed, index, fixture.Name, mutations, string.Join("; ", details), bytes, contentType, documentUri);
    }

    private static byte[] FlipBits(byte[] input, ref FuzzRandom random, List<string> details)
    {
        var output = (byte[])input.Clone();
        var flips = random.LogUniform(1, 64);

        // The first bytes decide the encoding and the format: a byte order mark, a declaration, the root element.
        var inHead = random.Chance(30);
        var range = inHead ? Math.Min(output.Length, 64) : output.Length;
        for (var i = 0; i < flips && range > 0; i++)
        {
            output[random.Below(range)] ^= (byte)(1 << random.Below(8));
        }

        details.Add($"{flips} bit(s) flipped{(inHead ? " in the first 64 bytes" : "")}");
        return output;
    }

    private static byte[] Truncate(byte[] input, ref FuzzRandom random, List<string> details)
    {
        var at = random.Below(input.Length + 1);
        switch (random.Below(4))
        {
            case 0:
                details.Add($"cut after byte {at}");
                return input[..at];
            case 1:
                details.Add($"first {at} byte(s) cut");
                return input[at..];
            case 2:
                var length = Math.Min(random.LogUniform(1, 4096), input.Length - at);
                details.Add($"{length} byte(s) cut at {at}");
                return Replace(input, at, length, []);
            default:
                var kept = Math.Min(random.Below(17), input.Length);
                details.Add($"cut to the first {kept} byte(s)");
                return input[..kept];
        }
    }

    /// <summary>A piece of some fixture put into this one, at random or between tags, now and then many times over.</summary>
    private byte[] Splice(byte[] input, ref FuzzRandom random, List<string> details)
    {
        var donor = random.Pick(Fixtures);
        var atTags = random.Chance(50);
        var from = atTags ? NextTag(donor.Bytes, random.Below(donor.Bytes.Length)) : random.Below(donor.Bytes.Length);
        var length = Math.Min(random.LogUniform(1, 4096), donor.Bytes.Length - from);
        var at = atTags ? NextTag(input, random.Below(input.Length + 1)) : random.Below(input.Length + 1);
        var removed = random.Chance(50) ? Math.Min(random.LogUniform(1, 4096), input.Length - at) : 0;
        var times = random.Chance(10) ? random.LogUniform(2, 2000) : 1;
        details.Add($"{length} byte(s) of {donor.Name} at {from}, {times} time(s), into {at} over {removed} byte(s)");
        return Replace(input, at, removed, Repeat(donor.Bytes.AsSpan(from, length), times));
    }

    private static byte[] AddNulBytes(byte[] input, ref FuzzRandom random, List<string> details)
    {
        switch (random.Below(5))
        {
            case 0:
            {
                var count = random.LogUniform(1, 64);
                var output = input;
                for (var i = 0; i < count; i++)
                {
                    output = Replace(output, random.Below(output.Length + 1), 0, [0]);
                }

                details.Add($"{count} NUL(s) inserted");
                return output;
            }

            case 1:
            {
                var output = (byte[])input.Clone();
                var count = random.LogUniform(1, 64);
                for (var i = 0; i < count && output.Length > 0; i++)
                {
                    output[random.Below(output.Length)] = 0;
                }

                details.Add($"{count} byte(s) set to NUL");
                return output;
            }

            case 2:
            {
                var run = random.LogUniform(1, 65536);
                var at = random.Below(input.Length + 1);
                details.Add($"{run} NUL(s) at {at}");
                return Replace(input, at, 0, new byte[run]);
            }

            case 3:
            {
                // A stretch that looks like UTF-16: a NUL after every byte.
                var at = random.Below(input.Length + 1);
                var length = Math.Min(random.LogUniform(1, 4096), input.Length - at);
                var wide = new byte[length * 2];
                for (var i = 0; i < length; i++)
                {
                    wide[i * 2] = input[at + i];
                }

                details.Add($"{length} byte(s) at {at} widened with NULs");
                return Replace(input, at, length, wide);
            }

            default:
            {
                var count = random.Between(1, 4);
                details.Add($"{count} NUL(s) before the document");
                return Replace(input, 0, 0, new byte[count]);
            }
        }
    }

    private static readonly byte[][] BadUtf8 =
    [
        [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0xC3],
        [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF], [0xEF, 0xBB, 0xBF], [0xC2, 0x85],
    ];

    private static byte[] BreakUtf8(byte[] input, ref FuzzRandom random, List<string> details)
    {
        switch (random.Below(4))
        {
            case 0:
            {
                var count = random.LogUniform(1, 32);
                var output = input;
                for (var i = 0; i < count; i++)
                {
                    output = Replace(output, random.Below(output.Length + 1), 0, random.Pick(BadUtf8));
                }

                details.Add($"{count} invalid sequence(s) inserted");
                return output;
            }

            case 1:
            {
                // Half a multi-byte character: its lead byte kept, a continuation byte replaced.
                var output = (byte[])input.Clone();
                var start = random.Below(output.Length + 1);
                var lead = output.AsSpan(start).IndexOfAnyInRange((byte)0xC2, (byte)0xF4);
                if (lead >= 0 && start + lead + 1 < output.Length)
                {
                    output[start + lead + 1] = (byte)random.Pick<int>([0x20, 0x3C, 0x00, 0xC3, 0x26]);
                }

                details.Add($"a multi-byte character split after {start}");
                return output;
            }

            case 2:
            {
                var tail = random.Pick(BadUtf8);
                details.Add("an invalid sequence at the end");
                return Replace(input, input.Length, 0, tail);
            }

            default:
            {
                // Inside a name or attribute, where a reader validates differently than in text.
                var at = NextTag(input, random.Below(input.Length + 1));
                at = Math.Min(at + 1 + random.Below(4), input.Length);
                details.Add($"an invalid sequence inside the tag at {at}");
                return Replace(input, at, 0, random.Pick(BadUtf8));
            }
        }
    }

    /// <summary>The index of the first '&lt;' at or after <paramref name="from"/>, else <paramref name="from"/>.</summary>
    private static int NextTag(byte[] bytes, int from)
    {
        var found = bytes.AsSpan(from).IndexOf((byte)'<');
        return found < 0 ? from : from + found;
    }

    private static byte[] Replace(byte[] input, int at, int removed, ReadOnlySpan<byte> inserted)
    {
        var output = new byte[input.Length - removed + inserted.Length];
        input.AsSpan(0, at).CopyTo(output);
        inserted.CopyTo(output.AsSpan(at));
        input.AsSpan(at + removed).CopyTo(output.AsSpan(at + inserted.Length));
        return output;
    }

    private static byte[] Repeat(ReadOnlySpan<byte> unit, int times)
    {
        var output = new byte[unit.Length * times];
        for (var i = 0; i < times; i++)
        {
            unit.CopyTo(output.AsSpan(i * unit.Length));
        }

        return output;
    }
}
