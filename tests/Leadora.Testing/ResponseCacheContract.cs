using Leadora.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Leadora.Testing;

/// <summary>
/// Behaviour every <see cref="IResponseCache"/> adapter must have: entries are per tenant (tenant A never reads tenant B's
/// entry, on any read path), expire by their time to live, are purged when expired, and batched reads and writes agree
/// with single ones. Derive and create the adapter under test with <see cref="Time"/>.
/// </summary>
public abstract class ResponseCacheContract
{
    protected readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>A new cache using <see cref="Time"/>. It may share storage with earlier ones, so tests use fresh tenants.</summary>
    protected abstract Task<IResponseCache> CreateCacheAsync();

    private static string NewTenant(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Tenant_a_never_reads_tenant_bs_entry()
    {
        var cache = await CreateCacheAsync();
        var a = NewTenant("tenant-a");
        var b = NewTenant("tenant-b");
        await cache.SetAsync(b, "places:SA:1:-:query", "serper", "{\"owner\":\"b\"}", TimeSpan.FromHours(1));
        await cache.SetManyAsync(b, [("embedding:m:-:x", "b-vector")], "openai", TimeSpan.FromHours(1));

        Assert.Null(await cache.GetAsync(a, "places:SA:1:-:query"));
        Assert.Empty(await cache.GetManyAsync(a, ["places:SA:1:-:query", "embedding:m:-:x"]));
        Assert.Equal("{\"owner\":\"b\"}", (await cache.GetAsync(b, "places:SA:1:-:query"))!.Payload);
        Assert.Equal(["embedding:m:-:x", "places:SA:1:-:query"], (await cache.GetManyAsync(b, ["places:SA:1:-:query", "embedding:m:-:x"])).Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_same_key_under_two_tenants_is_two_entries()
    {
        var cache = await CreateCacheAsync();
        var a = NewTenant("tenant-a");
        var b = NewTenant("tenant-b");
        await cache.SetAsync(a, "k", "serper", "from-a", TimeSpan.FromHours(1));
        await cache.SetAsync(b, "k", "google_places", "from-b", TimeSpan.FromHours(1));
        await cache.SetManyAsync(b, [("k", "from-b-again")], "google_places", TimeSpan.FromHours(1));

        var ofA = await cache.GetAsync(a, "k");
        Assert.Equal(("serper", "from-a"), (ofA!.Source, ofA.Payload));
        Assert.Equal("from-b-again", (await cache.GetAsync(b, "k"))!.Payload);
        Assert.Equal("from-a", (await cache.GetManyAsync(a, ["k"]))["k"].Payload);
    }

    [Fact]
    public async Task Expired_entries_are_not_served_and_are_purged()
    {
        var cache = await CreateCacheAsync();
        var tenant = NewTenant("tenant");
        await cache.SetAsync(tenant, "k1", "serper", "{\"a\":1}", TimeSpan.FromMinutes(5));
        await cache.SetAsync(tenant, "k2", "serper", "{\"a\":2}", TimeSpan.FromMinutes(30));
        var stored = await cache.GetAsync(tenant, "k1");
        Assert.Equal("{\"a\":1}", stored!.Payload);
        Assert.Equal(Time.GetUtcNow() + TimeSpan.FromMinutes(5), stored.ExpiresAt);

        Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Null(await cache.GetAsync(tenant, "k1"));
        Assert.Empty(await cache.GetManyAsync(tenant, ["k1"]));
        Assert.NotNull(await cache.GetAsync(tenant, "k2"));
        Assert.True(await cache.PurgeExpiredAsync() >= 1);
        Assert.Null(await cache.GetAsync(tenant, "k1"));
        Assert.NotNull(await cache.GetAsync(tenant, "k2"));
    }

    [Fact]
    public async Task Batched_reads_and_writes_agree_with_single_ones_and_keep_the_last_payload()
    {
        var cache = await CreateCacheAsync();
        var tenant = NewTenant("tenant");
        await cache.SetManyAsync(tenant, [("a", "1"), ("b", "2"), ("a", "3")], "openai", TimeSpan.FromMinutes(5));
        await cache.SetAsync(tenant, "c", "serper", "4", TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(2));

        var found = await cache.GetManyAsync(tenant, ["a", "b", "c", "missing", "a"]);
        Assert.Equal(["a", "b"], found.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("3", found["a"].Payload);
        Assert.Equal("openai", found["b"].Source);
        Assert.Equal(found["a"], await cache.GetAsync(tenant, "a"));
        Assert.Empty(await cache.GetManyAsync(tenant, []));
    }

    [Fact]
    public async Task A_tenant_is_required()
    {
        var cache = await CreateCacheAsync();
        await Assert.ThrowsAnyAsync<ArgumentException>(() => cache.GetAsync(" ", "k"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => cache.SetAsync("", "k", "serper", "{}", TimeSpan.FromMinutes(1)));
    }
}
