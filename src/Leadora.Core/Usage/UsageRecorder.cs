using System.Diagnostics;
using Leadora.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Usage;

/// <summary>
/// The one place provider calls are accounted for: a usage-ledger entry for the current <see cref="SearchContext"/>
/// (priced from <see cref="PricingOptions"/>), a span, and the metrics of <see cref="LeadoraTelemetry"/>.
/// </summary>
/// <remarks>
/// A search's budget is reserved through <see cref="ISpendingLimiter"/> before each paid call (atomically across every
/// process sharing the storage), and the reservation is released only once the call's cost is in the ledger.
/// </remarks>
public sealed partial class UsageRecorder(IUsageLedger ledger, ILeadStore store, SearchWarnings warnings, ISpendingLimiter spendingLimiter, IOptions<LeadoraOptions> options, TimeProvider time, ILogger<UsageRecorder> logger)
    : IProviderUsage
{
    /// <summary>How long a call that must wait for calls in flight to finish (their reservations hold the rest of the budget) waits before asking again.</summary>
    internal static readonly TimeSpan SpendRetryInterval = TimeSpan.FromMilliseconds(100);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Provider, string Operation), decimal> _largestCost = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _unpriced = new(StringComparer.OrdinalIgnoreCase);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, decimal?> _budgets = new();

    /// <summary>Tenant recorded for calls made outside any search.</summary>
    public const string SystemTenant = "system";

    /// <summary>The clock used for latency and timestamps.</summary>
    public TimeProvider Time => time;

    /// <summary>
    /// Starts accounting for one provider call; finish it with <see cref="IProviderCall.SucceededAsync"/> or <see cref="IProviderCall.FailedAsync"/>.
    /// Throws <see cref="ProviderException"/> (<see cref="ProviderErrorKind.SpendingBlocked"/>) instead when the call may not be
    /// sent: spending is disabled, or the current search has used up its budget. Local providers are free and never blocked.
    /// </summary>
    public async Task<IProviderCall> BeginAsync(string provider, string operation, string? model, CancellationToken cancellationToken)
    {
        IAsyncDisposable? reservation = null;
        if (provider != Embeddings.HashingEmbeddingGenerator.ProviderName)
        {
            reservation = await EnsureSpendingAllowedAsync(provider, operation, cancellationToken).ConfigureAwait(false);
        }

        var activity = LeadoraTelemetry.ActivitySource.StartActivity($"{provider} {operation}", ActivityKind.Client);
        activity?.SetTag("leadora.provider", provider);
        activity?.SetTag("leadora.operation", operation);
        activity?.SetTag("leadora.fallback", FallbackScope.IsFallback);
        if (GenAiConventions.Operation(operation) is { } genAiOperation)
        {
            GenAiConventions.OnStart(activity, genAiOperation, provider, model);
        }

        if (SearchContext.Current?.SearchId is { } searchId)
        {
            activity?.SetTag("leadora.search.id", searchId);
        }

        return new ProviderCall(this, provider, operation, model, activity, time.GetTimestamp(), reservation);
    }

    /// <summary>Checks the spending switch and reserves the search's budget; returns the reservation to release once the call is recorded.</summary>
    private async Task<IAsyncDisposable?> EnsureSpendingAllowedAsync(string provider, string operation, CancellationToken cancellationToken)
    {
        var spending = options.Value.Spending;
        if (!spending.CanSpend)
        {
            throw new ProviderException(provider, operation, ProviderErrorKind.SpendingBlocked,
                "spending is disabled (CAN_SPEND=false), so no paid provider call was sent");
        }

        if (SearchContext.Current is not { SearchId: { } searchId } context)
        {
            return null;
        }

        if (!_budgets.TryGetValue(searchId, out var budget))
        {
            var search = await store.GetSearchAsync(context.TenantId, searchId, cancellationToken).ConfigureAwait(false);
            budget = search?.Limits.MaxCostUsd ?? spending.MaxCostUsd;
            if (_budgets.Count > 10_000)
            {
                _budgets.Clear();
            }

            _budgets.TryAdd(searchId, budget);
        }

        if (budget is not { } limit)
        {
            return null;
        }

        // The estimate: the dearest call of this kind seen so far, else the dearest call of any kind.
        var estimate = _largestCost.TryGetValue((provider, operation), out var largest) ? largest
            : _largestCost.IsEmpty ? 0 : _largestCost.Values.Max();
        var request = new SpendRequest(context.TenantId, searchId, limit, provider, operation, estimate);
        while (true)
        {
            var answer = await spendingLimiter.ReserveAsync(request, cancellationToken).ConfigureAwait(false);
            switch (answer.Decision)
            {
                case SpendDecision.Admitted:
                    return answer.Reservation;
                case SpendDecision.Exhausted:
                    await warnings.AddAsync(WarningCodes.BudgetReached,
                        $"The search reached its budget of ${limit:0.####} (estimated spend ${answer.Spent:0.####}); no further paid calls were made.",
                        "budget", CancellationToken.None).ConfigureAwait(false);
                    throw new ProviderException(provider, operation, ProviderErrorKind.SpendingBlocked,
                        $"the search's budget of ${limit:0.####} is used up, so no paid provider call was sent");
                default:
                    await Task.Delay(SpendRetryInterval, time, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Records a request answered from the response cache: no call was sent and nothing was spent.</summary>
    public Task RecordCacheHitAsync(string source, string operation, string? model, int items, CancellationToken cancellationToken = default)
    {
        LeadoraTelemetry.CacheHits.Add(1, Tags(source, operation));
        return ledger.RecordAsync(Entry(source, operation, model, 0, 0, items, TimeSpan.Zero, failed: false, cacheHit: true, cost: 0), cancellationToken);
    }

    internal async Task CompleteAsync(ProviderCall call, string? model, long inputTokens, long outputTokens, int items, Exception? error)
    {
        var latency = time.GetElapsedTime(call.Started);
        var tags = Tags(call.Provider, call.Operation);
        var failed = error is not null;
        var pricing = options.Value.Pricing;
        var cost = failed ? 0 : pricing.Estimate(call.Provider, call.Operation, model, inputTokens, outputTokens);
        if (!failed && model is not null && inputTokens + outputTokens > 0 && call.Provider != Embeddings.HashingEmbeddingGenerator.ProviderName && !pricing.HasPrice(call.Provider, model) && _unpriced.TryAdd($"{call.Provider}/{model}", true))
        {
            LogUnpriced(logger, call.Provider, model);
        }

        LeadoraTelemetry.Calls.Add(1, tags);
        LeadoraTelemetry.Duration.Record(latency.TotalMilliseconds, tags);
        if (failed)
        {
            LeadoraTelemetry.Errors.Add(1, tags);
            call.Activity?.SetStatus(ActivityStatusCode.Error, error!.GetType().Name);
        }
        else
        {
            LeadoraTelemetry.Tokens.Add(inputTokens, [.. tags, new("leadora.token.type", "input")]);
            LeadoraTelemetry.Tokens.Add(outputTokens, [.. tags, new("leadora.token.type", "output")]);
            LeadoraTelemetry.Cost.Add((double)cost, tags);
            call.Activity?.SetTag("leadora.tokens.input", inputTokens);
            call.Activity?.SetTag("leadora.tokens.output", outputTokens);
        }

        RecordGenAi(call, model, inputTokens, outputTokens, latency, error);

        call.Activity?.Dispose();
        if (cost > 0)
        {
            _largestCost.AddOrUpdate((call.Provider, call.Operation), cost, (_, previous) => Math.Max(previous, cost));
        }

        try
        {
            await ledger.RecordAsync(Entry(call.Provider, call.Operation, model, inputTokens, outputTokens, items, latency, failed, cacheHit: false, cost), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            // Only now does the recorded spend include this call, so its reservation may go.
            if (call.Reservation is { } reservation)
            {
                await reservation.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The GenAI semantic-convention span tags and metrics of an LLM or embedding call.</summary>
    private static void RecordGenAi(ProviderCall call, string? responseModel, long inputTokens, long outputTokens, TimeSpan latency, Exception? error)
    {
        if (GenAiConventions.Operation(call.Operation) is not { } operation)
        {
            return;
        }

        var tags = GenAiConventions.Tags(operation, call.Provider, call.Model ?? responseModel, responseModel, error);
        LeadoraTelemetry.GenAiOperationDuration.Record(latency.TotalSeconds, tags);
        if (error is not null)
        {
            call.Activity?.SetTag(GenAiConventions.ErrorType, GenAiConventions.ErrorTypeOf(error));
            return;
        }

        if (responseModel is not null)
        {
            call.Activity?.SetTag(GenAiConventions.ResponseModel, responseModel);
        }

        call.Activity?.SetTag(GenAiConventions.InputTokens, inputTokens);
        call.Activity?.SetTag(GenAiConventions.OutputTokens, outputTokens);
        LeadoraTelemetry.GenAiTokenUsage.Record(inputTokens, [.. tags, new(GenAiConventions.TokenType, "input")]);
        if (operation == "chat")
        {
            LeadoraTelemetry.GenAiTokenUsage.Record(outputTokens, [.. tags, new(GenAiConventions.TokenType, "output")]);
        }
    }

    private UsageEntry Entry(string provider, string operation, string? model, long inputTokens, long outputTokens, int items, TimeSpan latency, bool failed, bool cacheHit, decimal cost)
    {
        var context = SearchContext.Current;
        return new UsageEntry
        {
            TenantId = context?.TenantId ?? SystemTenant,
            SearchId = context?.SearchId,
            Provider = provider,
            Operation = operation,
            Model = model,
            InputTokens = inputTokens,
            OutputTokens = outputTokens,
            Items = items,
            Latency = latency,
            CacheHit = cacheHit,
            Fallback = FallbackScope.IsFallback,
            Failed = failed,
            CostUsd = cost,
            At = time.GetUtcNow(),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No token price for {Provider}/{Model}: its calls are counted at $0, so budgets do not see them. Set Leadora:Pricing:Models:{Provider}/{Model}:InputPerMillion and :OutputPerMillion")]
    private static partial void LogUnpriced(ILogger logger, string provider, string model);

    private static KeyValuePair<string, object?>[] Tags(string provider, string operation) =>
        [new("leadora.provider", provider), new("leadora.operation", operation)];
}

/// <summary>One provider call being accounted for.</summary>
public sealed class ProviderCall : IProviderCall
{
    private readonly UsageRecorder _recorder;

    internal ProviderCall(UsageRecorder recorder, string provider, string operation, string? model, Activity? activity, long started, IAsyncDisposable? reservation)
    {
        Reservation = reservation;
        _recorder = recorder;
        Provider = provider;
        Operation = operation;
        Model = model;
        Activity = activity;
        Started = started;
    }

    internal string Provider { get; }

    internal string Operation { get; }

    internal string? Model { get; }

    internal Activity? Activity { get; }

    internal long Started { get; }

    /// <summary>The budget reservation held while the call is in flight, if the search has a budget.</summary>
    internal IAsyncDisposable? Reservation { get; }

    /// <summary>Records the call as succeeded.</summary>
    public Task SucceededAsync(string? model, long inputTokens, long outputTokens, int items) =>
        _recorder.CompleteAsync(this, model ?? Model, inputTokens, outputTokens, items, null);

    /// <summary>Records the call as failed.</summary>
    public Task FailedAsync(Exception exception, int items = 0) => _recorder.CompleteAsync(this, Model, 0, 0, items, exception);
}

/// <summary>Marks provider calls made as a fallback, so usage entries can say so.</summary>
public static class FallbackScope
{
    private static readonly AsyncLocal<bool> Current = new();

    /// <summary>Whether the current flow is calling a fallback provider.</summary>
    public static bool IsFallback => Current.Value;

    /// <summary>Marks the flow as a fallback (or not) until the returned scope is disposed.</summary>
    public static IDisposable Enter(bool isFallback)
    {
        var previous = Current.Value;
        Current.Value = isFallback;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => Current.Value = previous;
    }
}
