namespace FeedAggregator.Tests.Reliability;

/// <summary>
/// A small pseudo-random generator (SplitMix64) whose sequence is fixed by its seed on every runtime and machine, so a
/// fuzz case is rebuilt byte for byte from (seed, case index) alone.
/// </summary>
internal struct FuzzRandom(ulong state)
{
    private ulong state = state;

    /// <summary>The generator of one case: independent of every other case, so cases can run in any order on any thread.</summary>
    public static FuzzRandom ForCase(ulong seed, long index)
    {
        var mixer = new FuzzRandom(seed);
        var mixedSeed = mixer.Next();
        return new FuzzRandom(mixedSeed ^ (0xD1B54A32D192ED03UL * (ulong)(index + 1)));
    }

    public ulong Next()
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>0 to <paramref name="count"/> - 1; 0 when count is not positive.</summary>
    public int Below(int count) => count <= 0 ? 0 : (int)(Next() % (ulong)count);

    /// <summary><paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Between(int min, int max) => min + Below(max - min + 1);

    public bool Chance(int percent) => Below(100) < percent;

    /// <summary>
    /// <paramref name="min"/> to <paramref name="max"/> with every power of two equally likely: small values often, huge
    /// ones now and then, which is how sizes should be explored.
    /// </summary>
    public int LogUniform(int min, int max)
    {
        var low = Math.Log(Math.Max(min, 1));
        var high = Math.Log(max);
        var value = (int)Math.Exp(low + ((high - low) * (Next() >> 11) / (1UL << 53)));
        return Math.Clamp(value, min, max);
    }

    public T Pick<T>(IReadOnlyList<T> values) => values[Below(values.Count)];
}
