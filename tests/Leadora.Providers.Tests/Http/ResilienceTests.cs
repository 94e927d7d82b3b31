using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Leadora.Providers.Tests.Sandbox;
using Leadora.Sandbox;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Http;

/// <summary>
/// The per-provider resilience pipeline against the sandbox: what is retried and what is not, for every provider; how
/// long it waits; the attempt timeout, the circuit breaker, and retries becoming visible.
/// </summary>
public sealed class ResilienceTests : SandboxTestBase
{
    /// <summary>One call of each provider's adapter, and its sandbox name.</summary>
    public static TheoryData<string> Providers() => new() { "openai", "gemini", "deepseek", "serper", "places", "places_legacy", "cse" };

    private static Task CallAsync(Harness adapters, string provider) => provider switch
    {
        "openai" => adapters.Chat(ModelTier.Primary, "openai").GetResponseAsync("Answer in json.", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }),
        "gemini" => adapters.Chat(ModelTier.Primary, "gemini").GetResponseAsync("Answer in json.", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }),
        "deepseek" => adapters.Chat(ModelTier.Primary, "deepseek").GetResponseAsync("Answer in json.", new ChatOptions { ResponseFormat = ChatResponseFormat.Json }),
        "serper" => adapters.PlacesOf("serper").SearchAsync(new PlacesQuery("refinery", "SA")),
        "places" => adapters.PlacesOf("google_places").SearchAsync(new PlacesQuery("refinery", "SA")),
        "places_legacy" => adapters.PlacesOf("google_places_legacy").SearchAsync(new PlacesQuery("refinery", "SA")),
        "cse" => adapters.WebOf("google_cse").SearchAsync(new WebSearchQuery("refinery market", "SA")),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private Harness Retrying(int maxRetries = 2, Action<ProviderHttpOptions>? also = null, Action<TestLeadoraBuilder>? services = null, InMemoryLoggerProvider? logs = null) =>
        Adapters(all: o =>
        {
            o.MaxRetries = maxRetries;
            o.RetryBaseDelayMs = 1;
            if (o is GooglePlacesOptions places)
            {
                places.LegacyDetailsPerPage = 0;
            }

            also?.Invoke(o);
        }, services: services, logs: logs);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_server_error_is_retried_and_the_retry_succeeds(string provider)
    {
        Sandbox.Faults.Enqueue(provider, SandboxFault.ServiceUnavailable());
        await using var adapters = Retrying();

        await CallAsync(adapters, provider);

        Assert.Equal([503, 200], Sandbox.RequestLog.ForProvider(provider).Select(e => e.StatusCode));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_rate_limit_is_retried_and_the_retry_succeeds(string provider)
    {
        Sandbox.Faults.Enqueue(provider, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(20)));
        await using var adapters = Retrying();

        await CallAsync(adapters, provider);

        var log = Sandbox.RequestLog.ForProvider(provider);
        Assert.Equal(2, log.Count);
        Assert.Equal(SandboxFaultKind.RateLimit, log[0].Fault?.Kind);
        Assert.Equal(200, log[1].StatusCode);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Out_of_credit_is_never_retried(string provider)
    {
        Sandbox.Faults.Enqueue(provider, SandboxFault.OutOfCredit());
        await using var adapters = Retrying(maxRetries: 3);

        if (provider == "cse")
        {
            await CallAsync(adapters, provider); // an exhausted CSE answers an empty page
        }
        else
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => CallAsync(adapters, provider));
            Assert.Equal(ProviderErrorKind.OutOfCredit, error.Kind);
        }

        Assert.Single(Sandbox.RequestLog.ForProvider(provider));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_rejected_key_is_never_retried(string provider)
    {
        await using var adapters = Retrying(maxRetries: 3, also: o => o.ApiKey = "invalid-key-0000");

        var error = await Assert.ThrowsAsync<ProviderException>(() => CallAsync(adapters, provider));

        Assert.Equal(ProviderErrorKind.Unauthorized, error.Kind);
        Assert.Single(Sandbox.RequestLog.ForProvider(provider));
    }

    [Fact]
    public async Task A_bad_request_is_never_retried()
    {
        await using var adapters = Retrying(maxRetries: 3, also: o =>
        {
            if (o is GeminiOptions gemini)
            {
                gemini.Model = "unknown-model";
            }
        });

        var error = await Assert.ThrowsAsync<ProviderException>(() => CallAsync(adapters, "gemini"));

        Assert.Equal(ProviderErrorKind.Rejected, error.Kind);
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini));
    }

    [Fact]
    public async Task Retries_run_out_and_the_last_failure_is_thrown()
    {
        for (var i = 0; i < 3; i++)
        {
            Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(10)));
        }

        await using var adapters = Retrying(maxRetries: 2);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CallAsync(adapters, "openai"));

        Assert.Equal((ProviderErrorKind.RateLimited, 429, TimeSpan.FromMilliseconds(10)), (error.Kind, error.StatusCode, error.RetryAfter));
        Assert.Equal(3, Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI).Count);
    }

    [Fact]
    public async Task A_wait_longer_than_allowed_is_not_retried_so_a_fallback_can_answer()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.RateLimit(TimeSpan.FromSeconds(5)));
        await using var adapters = Retrying(maxRetries: 3, also: o => o.MaxRetryAfterSeconds = 2);

        var error = await Assert.ThrowsAsync<ProviderException>(() => CallAsync(adapters, "openai"));

        Assert.Equal((ProviderErrorKind.RateLimited, TimeSpan.FromSeconds(5)), (error.Kind, error.RetryAfter));
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI));
    }

    [Fact]
    public async Task Google_retry_info_sets_the_wait()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Gemini, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(400)));
        await using var adapters = Retrying(also: o => o.RetryBaseDelayMs = 1);

        await CallAsync(adapters, "gemini");

        var log = Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini);
        Assert.Equal(2, log.Count);
        Assert.True(log[1].Timestamp - log[0].Timestamp >= TimeSpan.FromMilliseconds(400), $"retried after {(log[1].Timestamp - log[0].Timestamp).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task An_attempt_that_times_out_is_retried()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Serper, SandboxFault.Timeout());
        await using var adapters = Retrying(maxRetries: 1, also: o => o.TimeoutSeconds = 1);

        var page = await adapters.PlacesOf("serper").SearchAsync(new PlacesQuery("refinery", "SA"));

        Assert.NotEmpty(page.Places);
        var log = Sandbox.RequestLog.ForProvider(SandboxProviders.Serper);
        Assert.Equal(2, log.Count);
        Assert.Contains(log, e => e.StatusCode == 499); // the hung attempt, abandoned by the attempt timeout
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_calls_fail_fast()
    {
        for (var i = 0; i < 2; i++)
        {
            Sandbox.Faults.Enqueue(SandboxProviders.Serper, SandboxFault.InternalServerError());
        }

        await using var adapters = Retrying(maxRetries: 0, also: o =>
        {
            o.CircuitBreakerMinimumThroughput = 2;
            o.CircuitBreakSeconds = 30;
        });
        var serper = adapters.WebOf("serper");

        await Assert.ThrowsAsync<ProviderException>(() => serper.SearchAsync(new WebSearchQuery("a", "SA")));
        await Assert.ThrowsAsync<ProviderException>(() => serper.SearchAsync(new WebSearchQuery("b", "SA")));
        var open = await Assert.ThrowsAsync<ProviderException>(() => serper.SearchAsync(new WebSearchQuery("c", "SA")));

        Assert.Equal(ProviderErrorKind.Transient, open.Kind);
        Assert.Contains("circuit breaker is open", open.Message, StringComparison.Ordinal);
        Assert.Equal(2, Sandbox.RequestLog.ForProvider(SandboxProviders.Serper).Count);
        await adapters.WebOf("google_cse").SearchAsync(new WebSearchQuery("c", "SA")); // other providers have their own circuit
    }

    [Fact]
    public async Task Out_of_credit_answers_do_not_open_the_circuit_so_an_exhausted_cse_keeps_answering_empty_pages()
    {
        for (var i = 0; i < 4; i++)
        {
            Sandbox.Faults.Enqueue(SandboxProviders.CustomSearch, SandboxFault.OutOfCredit());
        }

        await using var adapters = Retrying(maxRetries: 0, also: o => o.CircuitBreakerMinimumThroughput = 2);
        var cse = adapters.WebOf("google_cse");

        for (var i = 0; i < 4; i++)
        {
            Assert.Empty((await cse.SearchAsync(new WebSearchQuery($"q{i}", "SA"))).Results);
        }

        Assert.Equal(4, Sandbox.RequestLog.ForProvider(SandboxProviders.CustomSearch).Count);
    }

    [Fact]
    public async Task A_retry_is_visible_as_a_warning_and_a_free_failed_ledger_entry()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Places, SandboxFault.InternalServerError());
        await using var adapters = Retrying(services: b => b.Services.AddLeadora(b.Configuration));
        var search = await TestSearch.CreateAsync(adapters.Services);

        using (search.Enter())
        {
            await CallAsync(adapters, "places");
        }

        var warning = Assert.Single(await search.WarningsAsync());
        Assert.Equal(("provider_retried", "google_places"), (warning.Code, warning.Subject));
        var retry = Assert.Single(await search.UsageAsync());
        Assert.Equal(("google_places", "retry", 1, 1, 0m), (retry.Provider, retry.Operation, retry.Calls, retry.Failures, retry.CostUsd));
    }

    [Fact]
    public async Task Leadoras_spending_controls_can_refuse_a_retry_and_extra_paid_calls()
    {
        Sandbox.Faults.Enqueue(SandboxProviders.Places, SandboxFault.InternalServerError());
        await using var adapters = Retrying(services: b =>
        {
            b.Services.AddLeadora(b.Configuration, o => o.Spending.CanSpend = false);
        });

        // The raw adapters (below Core's own spending check) still ask before each extra paid request.
        var retry = await Assert.ThrowsAsync<ProviderException>(() => CallAsync(adapters, "places"));
        var walk = await Assert.ThrowsAsync<ProviderException>(() => adapters.PlacesOf("google_places").SearchAsync(new PlacesQuery("water treatment", "SA", 2)));

        Assert.Equal(ProviderErrorKind.SpendingBlocked, retry.Kind);
        Assert.Equal(ProviderErrorKind.SpendingBlocked, walk.Kind);
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.Places)); // the first attempt only; no retry, no walk
    }

    [Fact]
    public async Task Core_falls_back_to_the_next_llm_only_after_this_providers_retries()
    {
        for (var i = 0; i < 3; i++)
        {
            Sandbox.Faults.Enqueue(SandboxProviders.OpenAI, SandboxFault.RateLimit(TimeSpan.FromMilliseconds(10)));
        }

        await using var adapters = Retrying(maxRetries: 2, services: b => b.Services.AddLeadora(b.Configuration));
        var search = await TestSearch.CreateAsync(adapters.Services);
        var chat = adapters.Services.GetRequiredKeyedService<IChatClient>(ModelTier.Primary);

        ChatResponse response;
        using (search.Enter())
        {
            response = await chat.GetResponseAsync("Answer in json.", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        }

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(3, Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI).Count);
        Assert.Single(Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini));
        Assert.Empty(Sandbox.RequestLog.ForProvider(SandboxProviders.DeepSeek));
        var openAIEnd = Sandbox.RequestLog.ForProvider(SandboxProviders.OpenAI)[^1].Timestamp;
        Assert.True(Sandbox.RequestLog.ForProvider(SandboxProviders.Gemini)[0].Timestamp >= openAIEnd);
        Assert.Contains(await search.WarningsAsync(), w => w.Code == "fallback_used");
        var usage = await search.UsageAsync();
        Assert.Contains(usage, u => (u.Provider, u.Operation, u.Calls) == ("openai", "retry", 2));
        Assert.Contains(usage, u => (u.Provider, u.Operation, u.Fallbacks) == ("gemini", "chat.primary", 1));
    }
}
