using System.Security.Cryptography;
using System.Text;

namespace Leadora.Pipeline;

/// <summary>Name-based ids (UUID version 5 layout over SHA-256): the same search and natural key always give the same id, so re-run jobs upsert instead of duplicating.</summary>
public static class StableIds
{
    /// <summary>The id of <paramref name="name"/> within <paramref name="scope"/>.</summary>
    public static Guid For(Guid scope, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        scope.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }

    /// <summary>A short, order-independent digest of a set of ids, for job keys.</summary>
    public static string Digest(IEnumerable<Guid> ids)
    {
        var joined = string.Join(',', ids.Order().Select(id => id.ToString("N")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(joined)))[..16];
    }
}
