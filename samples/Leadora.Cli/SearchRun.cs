using Leadora.Cli.Rendering;
using Leadora.Exports;
using Leadora.Jobs;
using Leadora.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Leadora.Cli;

/// <summary>What a search run was asked to do.</summary>
internal sealed class SearchRunSettings
{
    public required LeadSearchRequest Request { get; init; }

    /// <summary>Run offline against an in-process sandbox with these settings; <see langword="null"/> uses the real providers.</summary>
    public SandboxSettings? Sandbox { get; init; }

    public bool Json { get; init; }

    public bool Demo { get; init; }

    public bool Verbose { get; init; }

    public IReadOnlyList<string> OutputFiles { get; init; } = [];

    /// <summary>PostgreSQL to keep the search in; <see langword="null"/> keeps it in memory.</summary>
    public string? Database { get; init; }

    /// <summary>Enqueue the search and return at once, leaving the work to running workers (needs <see cref="Database"/>).</summary>
    public bool Detach { get; init; }
}

/// <summary>Runs one search in this process: providers (real or sandbox), the job runner, live progress, and the output.</summary>
internal static class SearchRun
{
    public static async Task<int> RunAsync(SearchRunSettings settings, CancellationToken cancellationToken)
    {
        var stdout = settings.Json ? null : Console.Out;
        // Detached, this process only enqueues: workers call the providers, so it needs no keys and no sandbox.
        await using var sandbox = settings.Sandbox is null || settings.Detach ? null : await SandboxServer.StartAsync(settings.Sandbox.ToOptions(), cancellationToken);
        await using var services = CliServices.Build(new CliServiceSettings
        {
            Sandbox = sandbox,
            Database = settings.Database,
            Verbose = settings.Verbose,
            Defaults = settings.Sandbox?.ProviderSettings(),
            EnqueueOnly = settings.Detach,
        });
        try
        {
            _ = services.GetRequiredService<IOptions<LeadoraOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"leadora: {ex.Failures.First()}{(settings.Sandbox is null ? " (or pass --offline to use the sandbox)" : "")}");
            return ExitCodes.BadInput;
        }

        var tenant = services.GetRequiredService<IOptions<LeadoraOptions>>().Value.DefaultTenantId;
        var pipeline = services.GetRequiredService<ILeadPipeline>();
        if (sandbox is not null && stdout is not null && !settings.Detach)
        {
            ResultView.SyntheticBanner(stdout, sandbox.BaseAddress);
        }

        var search = await pipeline.StartAsync(tenant, settings.Request, CancellationToken.None);
        if (settings.Detach)
        {
            if (settings.Json)
            {
                var pending = (await pipeline.GetResultAsync(tenant, search.Id, CancellationToken.None))!;
                await Console.Out.WriteLineAsync(LeadSearchDocument.From(pending).ToJson());
            }
            else
            {
                await Console.Out.WriteLineAsync(search.Id.ToString());
                await Console.Error.WriteLineAsync($"Search {search.Id} queued; running workers ('leadora worker') will do the work. Follow it with 'leadora show {search.Id}'.");
            }

            return ExitCodes.Success;
        }

        var runner = services.GetRequiredService<LeadJobRunner>();
        using var stopRunner = new CancellationTokenSource();
        var running = runner.RunAsync(stopRunner.Token);
        var cancelled = false;
        try
        {
            await ProgressView.FollowAsync(pipeline.WatchAsync(tenant, search.Id, cancellationToken), search.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            await pipeline.CancelAsync(tenant, search.Id, CancellationToken.None);
            await Console.Error.WriteLineAsync("leadora: cancelled; partial results follow.");
        }
        finally
        {
            await stopRunner.CancelAsync();
            await running;
        }

        var result = (await pipeline.GetResultAsync(tenant, search.Id, CancellationToken.None))!;
        var document = LeadSearchDocument.From(result);
        if (settings.Json)
        {
            await Console.Out.WriteLineAsync(document.ToJson());
        }
        else
        {
            ResultView.Write(Console.Out, result, settings.Demo);
        }

        if (result.Search.Status == SearchStatus.Failed)
        {
            await Console.Error.WriteLineAsync($"leadora: the search failed: {result.Search.Error}");
        }

        foreach (var file in settings.OutputFiles)
        {
            await WriteFileAsync(file, result, document);
            await Console.Error.WriteLineAsync($"Wrote {Path.GetFullPath(file)}");
        }

        return cancelled ? ExitCodes.Cancelled
            : result.Search.Status is SearchStatus.Completed or SearchStatus.CompletedWithWarnings ? ExitCodes.Success
            : ExitCodes.Failed;
    }

    private static async Task WriteFileAsync(string path, LeadSearchResult result, LeadSearchDocument document)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        if (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            await using var stream = File.Create(path);
            await LeadsCsv.WriteAsync(stream, result);
        }
        else
        {
            await File.WriteAllTextAsync(path, document.ToJson());
        }
    }
}
