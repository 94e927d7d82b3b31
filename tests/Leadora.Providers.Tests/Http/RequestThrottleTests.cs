using Microsoft.Extensions.Time.Testing;

namespace Leadora.Providers.Tests.Http;

/// <summary>The per-provider throttle: a concurrency cap and paced request starts on an injectable clock.</summary>
public sealed class RequestThrottleTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Starts_are_spaced_by_the_minimum_delay()
    {
        var time = new FakeTimeProvider();
        using var throttle = new RequestThrottle(maxConcurrent: 10, TimeSpan.FromMilliseconds(300), time);

        using var first = await throttle.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        var second = throttle.EnterAsync(CancellationToken.None).AsTask();
        var third = throttle.EnterAsync(CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(second.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await second.WaitAsync(Wait)).Dispose();
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(299));
        Assert.False(third.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        (await third.WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task An_idle_gap_longer_than_the_delay_means_no_wait()
    {
        var time = new FakeTimeProvider();
        using var throttle = new RequestThrottle(maxConcurrent: 1, TimeSpan.FromMilliseconds(300), time);

        (await throttle.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Wait)).Dispose();
        time.Advance(TimeSpan.FromSeconds(1));
        var next = throttle.EnterAsync(CancellationToken.None).AsTask();

        Assert.True(next.IsCompleted);
        (await next).Dispose();
    }

    [Fact]
    public async Task No_more_than_the_cap_are_in_flight()
    {
        using var throttle = new RequestThrottle(maxConcurrent: 2, TimeSpan.Zero, new FakeTimeProvider());

        var a = await throttle.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        var b = await throttle.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        var c = throttle.EnterAsync(CancellationToken.None).AsTask();
        var d = throttle.EnterAsync(CancellationToken.None).AsTask();

        Assert.False(c.IsCompleted);
        a.Dispose();
        using var third = await c.WaitAsync(Wait); // oldest waiter first
        await Task.Delay(50);
        Assert.False(d.IsCompleted); // b and c still hold both permits
        b.Dispose();
        (await d.WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task A_cancelled_waiter_leaves_the_queue_without_taking_a_permit()
    {
        using var throttle = new RequestThrottle(maxConcurrent: 1, TimeSpan.Zero, new FakeTimeProvider());
        var held = await throttle.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Wait);
        using var cancel = new CancellationTokenSource();

        var waiting = throttle.EnterAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Wait));
        held.Dispose();
        (await throttle.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Wait)).Dispose();
    }

    [Fact]
    public async Task A_waiter_cancelled_during_pacing_releases_its_permit()
    {
        var time = new FakeTimeProvider();
        using var throttle = new RequestThrottle(maxConcurrent: 1, TimeSpan.FromSeconds(1), time);
        (await throttle.EnterAsync(CancellationToken.None).AsTask().WaitAsync(Wait)).Dispose();
        using var cancel = new CancellationTokenSource();

        var pacing = throttle.EnterAsync(cancel.Token).AsTask(); // holds the only permit while it waits for its start
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pacing.WaitAsync(Wait));

        var next = throttle.EnterAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromSeconds(2));
        (await next.WaitAsync(Wait)).Dispose();
    }
}

/// <summary>One key of the in-process <see cref="Leadora.InMemory.InMemoryRequestLimiter"/>, the way a provider's handler uses it.</summary>
internal sealed class RequestThrottle(int maxConcurrent, TimeSpan minDelay, TimeProvider time) : IDisposable
{
    private readonly Leadora.InMemory.InMemoryRequestLimiter _limiter = new(time);
    private readonly Leadora.Ports.RequestLimit _limit = new("test", maxConcurrent, minDelay);

    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken) =>
        new Permit(await _limiter.EnterAsync(_limit, cancellationToken).ConfigureAwait(false));

    public void Dispose() => _limiter.Dispose();

    private sealed class Permit(IAsyncDisposable permit) : IDisposable
    {
        public void Dispose() => permit.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
