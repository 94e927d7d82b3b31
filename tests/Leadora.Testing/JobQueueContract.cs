using Leadora.Ports;
using Microsoft.Extensions.Time.Testing;

namespace Leadora.Testing;

/// <summary>Behaviour every <see cref="IJobQueue"/> adapter must have. Derive and create the adapter under test.</summary>
public abstract class JobQueueContract
{
    protected static readonly JobQueueOptions Options = new()
    {
        LeaseDuration = TimeSpan.FromSeconds(30),
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromSeconds(10),
        RetryMaxDelay = TimeSpan.FromMinutes(5),
    };

    protected readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    /// <summary>A new, empty queue using <see cref="Time"/> and <see cref="Options"/>.</summary>
    protected abstract Task<IJobQueue> CreateQueueAsync();

    protected static JobRequest Job(Guid searchId, string key, string tenant = "tenant-a", string type = "discovery") =>
        new(type, tenant, searchId, $"{searchId:N}:{key}", "{\"n\":1}");

    [Fact]
    public async Task Enqueueing_an_existing_key_is_a_no_op()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        Assert.Equal(2, await queue.EnqueueAsync([Job(search, "a"), Job(search, "b")]));
        Assert.Equal(1, await queue.EnqueueAsync([Job(search, "a"), Job(search, "c")]));
        var listed = await queue.ListAsync("tenant-a", search);
        Assert.Equal(3, listed.Count);
        Assert.All(listed, j => Assert.Equal("{\"n\":1}", j.Payload));
    }

    [Fact]
    public async Task A_claimed_job_is_not_claimed_again_while_its_lease_holds()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a")]);
        var first = await queue.ClaimAsync("w1", 10);
        var job = Assert.Single(first);
        Assert.Equal(1, job.Attempt);
        Assert.Equal("{\"n\":1}", job.Payload);
        Assert.Empty(await queue.ClaimAsync("w2", 10));
        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await queue.ClaimAsync("w2", 10));
    }

    [Fact]
    public async Task Heartbeats_extend_the_lease()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a")]);
        var job = Assert.Single(await queue.ClaimAsync("w1", 1));
        for (var i = 0; i < 5; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(20));
            Assert.True(await queue.HeartbeatAsync(job, 0.2 * i));
        }

        Assert.Empty(await queue.ClaimAsync("w2", 1));
        Assert.True(await queue.CompleteAsync(job));
        var info = Assert.Single(await queue.ListAsync("tenant-a", search));
        Assert.Equal(JobState.Completed, info.State);
    }

    [Fact]
    public async Task An_expired_lease_is_reclaimed_and_the_old_holder_can_no_longer_complete()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a")]);
        var stale = Assert.Single(await queue.ClaimAsync("w1", 1));
        Time.Advance(TimeSpan.FromSeconds(31));
        var fresh = Assert.Single(await queue.ClaimAsync("w2", 1));
        Assert.Equal(2, fresh.Attempt);
        Assert.Equal("w2", fresh.WorkerId);
        Assert.False(await queue.HeartbeatAsync(stale, 0.5));
        Assert.False(await queue.CompleteAsync(stale));
        Assert.Null(await queue.FailAsync(stale, "late", retryable: true));
        Assert.True(await queue.CompleteAsync(fresh));
    }

    [Fact]
    public async Task The_sweeper_returns_expired_leases_to_the_queue()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a"), Job(search, "b")]);
        Assert.Equal(2, (await queue.ClaimAsync("w1", 2)).Count);
        Assert.Equal(0, await queue.RequeueExpiredAsync());
        Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(2, await queue.RequeueExpiredAsync());
        var infos = await queue.ListAsync("tenant-a", search);
        Assert.All(infos, i => Assert.Equal(JobState.Pending, i.State));
        Assert.Equal(2, (await queue.ClaimAsync("w2", 5)).Count);
    }

    [Fact]
    public async Task A_failed_attempt_backs_off_exponentially_then_dead_letters_with_the_last_error()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a")]);

        var job = Assert.Single(await queue.ClaimAsync("w1", 1));
        var first = await queue.FailAsync(job, "boom 1", retryable: true);
        Assert.NotNull(first);
        Assert.False(first!.DeadLettered);
        var firstDelay = first.RetryAt!.Value - Time.GetUtcNow();
        Assert.InRange(firstDelay.TotalSeconds, 7.5, 12.5);
        Time.Advance(firstDelay - TimeSpan.FromSeconds(1));
        Assert.Empty(await queue.ClaimAsync("w1", 1));
        Time.Advance(TimeSpan.FromSeconds(1));

        job = Assert.Single(await queue.ClaimAsync("w1", 1));
        Assert.Equal(2, job.Attempt);
        var second = await queue.FailAsync(job, "boom 2", retryable: true);
        var secondDelay = second!.RetryAt!.Value - Time.GetUtcNow();
        Assert.InRange(secondDelay.TotalSeconds, 15, 25);
        Time.Advance(secondDelay);

        job = Assert.Single(await queue.ClaimAsync("w1", 1));
        var third = await queue.FailAsync(job, "boom 3", retryable: true);
        Assert.True(third!.DeadLettered);
        Time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await queue.ClaimAsync("w1", 1));
        var info = Assert.Single(await queue.ListAsync("tenant-a", search));
        Assert.Equal(JobState.DeadLettered, info.State);
        Assert.Equal("boom 3", info.LastError);
        Assert.Equal(3, info.Attempts);
    }

    [Fact]
    public async Task A_permanent_failure_dead_letters_at_once()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a")]);
        var job = Assert.Single(await queue.ClaimAsync("w1", 1));
        var outcome = await queue.FailAsync(job, "key rejected", retryable: false);
        Assert.True(outcome!.DeadLettered);
        Assert.Equal(JobState.DeadLettered, Assert.Single(await queue.ListAsync("tenant-a", search)).State);
    }

    [Fact]
    public async Task Released_jobs_run_again_without_spending_an_attempt()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a")]);
        var job = Assert.Single(await queue.ClaimAsync("w1", 1));
        await queue.ReleaseAsync(job);
        var again = Assert.Single(await queue.ClaimAsync("w2", 1));
        Assert.Equal(1, again.Attempt);
    }

    [Fact]
    public async Task Cancelling_a_search_drops_its_queued_jobs_and_stops_running_ones()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        var other = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a"), Job(search, "b"), Job(other, "c")]);
        var running = (await queue.ClaimAsync("w1", 1)).Single();
        var runningSearch = running.SearchId;
        var cancelled = await queue.CancelSearchAsync("tenant-a", runningSearch);
        Assert.Equal(runningSearch == search ? 2 : 1, cancelled);
        Assert.False(await queue.HeartbeatAsync(running, 0.5));
        Assert.False(await queue.CompleteAsync(running));
        var remaining = await queue.ClaimAsync("w2", 10);
        Assert.All(remaining, j => Assert.NotEqual(runningSearch, j.SearchId));
    }

    [Fact]
    public async Task Counts_group_by_type_and_include_running_progress()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "p", type: "personas"), Job(search, "d1"), Job(search, "d2"), Job(search, "d3")]);
        var claimed = await queue.ClaimAsync("w1", 10);
        var personas = claimed.Single(j => j.Type == "personas");
        await queue.CompleteAsync(personas);
        var discovery = claimed.Where(j => j.Type == "discovery").ToList();
        await queue.HeartbeatAsync(discovery[0], 0.5);
        await queue.CompleteAsync(discovery[1]);
        await queue.ReleaseAsync(discovery[2]);

        var counts = await queue.GetCountsAsync("tenant-a", search);
        var p = counts.Single(c => c.Type == "personas");
        Assert.Equal((1, 0, 0, 1), (p.Completed, p.Pending, p.Running, p.Total));
        var d = counts.Single(c => c.Type == "discovery");
        Assert.Equal((1, 1, 1, 3), (d.Completed, d.Pending, d.Running, d.Total));
        Assert.Equal(0.5, d.RunningProgress, 3);
    }

    [Fact]
    public async Task Reads_are_scoped_by_tenant()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        await queue.EnqueueAsync([Job(search, "a", tenant: "tenant-a")]);
        Assert.Empty(await queue.ListAsync("tenant-b", search));
        Assert.Empty(await queue.GetCountsAsync("tenant-b", search));
        Assert.Equal(0, await queue.CancelSearchAsync("tenant-b", search));
        Assert.Single(await queue.ListAsync("tenant-a", search));
    }

    [Fact]
    public async Task Concurrent_consumers_never_share_a_job_and_lose_none()
    {
        var queue = await CreateQueueAsync();
        var search = Guid.NewGuid();
        const int jobs = 200;
        await queue.EnqueueAsync(Enumerable.Range(0, jobs).Select(i => Job(search, $"j{i}")).ToList());
        var completed = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        var consumers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            while (true)
            {
                var claimed = await queue.ClaimAsync($"w{w}", 3);
                if (claimed.Count == 0)
                {
                    return;
                }

                foreach (var job in claimed)
                {
                    Assert.True(await queue.CompleteAsync(job));
                    completed.Add(job.Id);
                }
            }
        })).ToList();
        await Task.WhenAll(consumers);
        Assert.Equal(jobs, completed.Count);
        Assert.Equal(jobs, completed.Distinct().Count());
        Assert.All(await queue.ListAsync("tenant-a", search), j => Assert.Equal(JobState.Completed, j.State));
    }
}
