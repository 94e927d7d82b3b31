using Leadora.Ports;
using Leadora.Web.Tests.Infrastructure;

namespace Leadora.Web.Tests.Api;

/// <summary>A web host that runs no jobs itself still runs the sweeper, so a crashed worker's lease comes back to the queue.</summary>
public sealed class SweeperWebFactory : WebFactory
{
    protected override IDictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        // No runner here: only the sweeper can return the lease (a claim would also reclaim it).
        settings["Leadora:Web:RunJobs"] = "false";
        settings["Leadora:Jobs:LeaseDuration"] = "00:00:01";
        settings["Leadora:Jobs:SweepInterval"] = "00:00:00.100";
        settings["Logging:LogLevel:Leadora.Jobs"] = "Information";
        return settings;
    }
}

public sealed class SweeperTests(SweeperWebFactory factory) : IClassFixture<SweeperWebFactory>
{
    [Fact]
    public async Task The_web_host_returns_an_expired_lease_to_the_queue()
    {
        _ = factory.ClientFor(null); // starts the host and its hosted services
        var queue = factory.Service<IJobQueue>();
        var search = Guid.NewGuid();
        Assert.Equal(1, await queue.EnqueueAsync([new JobRequest("discovery", "tenant-a", search, $"{search:N}:sweep", "{}")]));
        var leased = Assert.Single(await queue.ClaimAsync("crashed-worker", 1));
        Assert.Equal(JobState.Running, Assert.Single(await queue.ListAsync("tenant-a", search)).State);

        // The crashed worker never heartbeats; within a few sweep intervals after the lease expires the job is pending again.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        JobInfo job;
        do
        {
            await Task.Delay(100);
            job = Assert.Single(await queue.ListAsync("tenant-a", search));
        }
        while ((job.State != JobState.Pending || !Logged()) && DateTimeOffset.UtcNow < deadline);

        Assert.Equal(JobState.Pending, job.State);
        Assert.Equal(leased.Key, job.Key);
        Assert.Contains(factory.Logs.Lines, l => l.Contains(SweepLine, StringComparison.Ordinal));

        // The sweeper logs right after it returns the lease, so the line can trail the state change by a moment.
        bool Logged() => factory.Logs.Lines.Any(l => l.Contains(SweepLine, StringComparison.Ordinal));
    }

    private const string SweepLine = "expired job lease(s) returned to the queue";
}
