namespace FeedAggregator.Tests.Reliability;

/// <summary>The ways a fuzz case breaks a valid document; a case applies one to three of them in turn.</summary>
internal enum FuzzMutation
{
    BitFlip,
    Truncation,
    Splice,
    EncodingSwap,
    HugeAttribute,
    DeepNesting,
    NulBytes,
    InvalidUtf8,
}

/// <summary>A valid document the mutations start from.</summary>
internal sealed record FuzzFixture(string Name, byte[] Bytes)
{
    /// <summary>Every file under <paramref name="directory"/> but notes (*.md), in a fixed order: the order is part of what a seed means.</summary>
    public static IReadOnlyList<FuzzFixture> Load(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".md", StringComparison.OrdinalIgnoreCase))
            .Select(path => Path.GetRelativePath(directory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(name => new FuzzFixture(name, File.ReadAllBytes(Path.Combine(directory, name))))
            .ToList();
}

/// <summary>One hostile document and the HTTP context it arrives with, rebuilt exactly from (seed, index).</summary>
internal sealed record FuzzCase(
    ulong Seed,
    long Index,
    string Fixture,
    IReadOnlyList<FuzzMutation> Mutations,
    string Detail,
    byte[] Bytes,
    string? ContentType,
    Uri? DocumentUri)
{
    public string MutationNames => string.Join("+", Mutations);

    public override string ToString() =>
        $"case {Index} of seed {Seed}: {Fixture} with {MutationNames} ({Detail}); {Bytes.Length} bytes, "
        + $"Content-Type {ContentType ?? "none"}, URI {DocumentUri?.ToString() ?? "none"}";
}
