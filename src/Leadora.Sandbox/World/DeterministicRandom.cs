using System.Text;

namespace Leadora.Sandbox.World;

/// <summary>
/// Stable 64-bit hashing of strings and a SplitMix64 generator seeded from it. Everything random in the sandbox is
/// derived from <c>hash(seed, parts…)</c>, never from shared mutable state, so the same request gives the same answer
/// in any order and on any thread.
/// </summary>
internal static class StableHash
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Hashes the seed and the parts (separated, so ("ab","c") differs from ("a","bc")).</summary>
    public static ulong Of(long seed, params ReadOnlySpan<string?> parts)
    {
        var hash = FnvOffset ^ Mix((ulong)seed);
        foreach (var part in parts)
        {
            hash = Append(hash, part ?? "\u0000null");
            hash = (hash ^ 0x1F) * FnvPrime;
        }

        return Mix(hash);
    }

    /// <summary>A value in [0, 1) from the hash of the seed and parts.</summary>
    public static double Unit(long seed, params ReadOnlySpan<string?> parts) => ToUnit(Of(seed, parts));

    /// <summary>Maps a hash to [0, 1).</summary>
    public static double ToUnit(ulong hash) => (hash >> 11) * (1.0 / (1UL << 53));

    /// <summary>SplitMix64 finaliser.</summary>
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Append(ulong hash, string value)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(value) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(value, buffer)] : Encoding.UTF8.GetBytes(value);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}

/// <summary>A small deterministic generator (SplitMix64). Not shared between requests: create one per derivation.</summary>
internal sealed class DeterministicRandom
{
    private ulong _state;

    public DeterministicRandom(ulong seed) => _state = seed;

    /// <summary>Creates a generator from <c>hash(seed, parts…)</c>.</summary>
    public static DeterministicRandom For(long seed, params ReadOnlySpan<string?> parts) => new(StableHash.Of(seed, parts));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return StableHash.Mix(_state);
    }

    /// <summary>A value in [0, 1).</summary>
    public double NextDouble() => StableHash.ToUnit(NextUInt64());

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int Next(int maxExclusive) => maxExclusive <= 1 ? 0 : (int)(NextUInt64() % (ulong)maxExclusive);

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="maxInclusive"/>].</summary>
    public int Between(int min, int maxInclusive) => maxInclusive <= min ? min : min + Next(maxInclusive - min + 1);

    /// <summary>A double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double Between(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>True with probability <paramref name="probability"/>.</summary>
    public bool Chance(double probability) => NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Lower-case hex of <paramref name="length"/> characters.</summary>
    public string Hex(int length)
    {
        var builder = new StringBuilder(length);
        while (builder.Length < length)
        {
            builder.Append(NextUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString(0, length);
    }

    /// <summary>Decimal digits of <paramref name="length"/> characters, first digit non-zero.</summary>
    public string Digits(int length)
    {
        var builder = new StringBuilder(length);
        builder.Append((char)('1' + Next(9)));
        while (builder.Length < length)
        {
            builder.Append((char)('0' + Next(10)));
        }

        return builder.ToString();
    }

    /// <summary>A deterministic shuffle (Fisher–Yates) of a copy of <paramref name="items"/>.</summary>
    public List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }

        return list;
    }
}
