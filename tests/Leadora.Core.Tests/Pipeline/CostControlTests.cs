using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Leadora.Sandbox;
using Microsoft.Extensions.DependencyInjection;
using Leadora.Testing;

namespace Leadora.Core.Tests.Pipeline;

/// <summary>Response cache, spending controls, telemetry and log hygiene, over whole searches against the sandbox.</summary>
public sealed class CostControlTests
{
    [Fact]
    public async Task Running_the_same_search_twice_makes_no_paid_call_the_second_time()
    {
        await using var leadora = await SandboxLeadora.StartAsync();
        var first = await leadora.RunAsync(SandboxLeadora.DemoRequest);
        Assert.All(first.Usage, u => Assert.True(u.Calls > 0));
        var requestsAfterFirst = leadora.Sandbox.RequestLog.Count;

        var second = await leadora.RunAsync(SandboxLeadora.DemoRequest);
        Assert.Equal(SearchStatus.Completed, second.Search.Status);
        Assert.Equal(requestsAfterFirst, leadora.Sandbox.RequestLog.Count);
        Assert.NotEmpty(second.Usage);
        Assert.All(second.Usage, u =>
        {
            Assert.Equal(0, u.Calls);
            Assert.True(u.CacheHits > 0, $"{u.Provider}/{u.Operation} had no cache hits");
            Assert.Equal(0, u.CostUsd);
        });
        Assert.Equal(first.Progress.Counts, second.Progress.Counts);
        Assert.Equal(first.Businesses.Select(b => b.Name).Order(), second.Businesses.Select(b => b.Name).Order());
        Assert.Contains(second.Usage, u => u.Provider == "openai" && u.Operation == "chat.primary");
        Assert.Equal(new UsageTotals(0, second.Usage.Sum(u => u.CacheHits), 0, 0, 0), second.Progress.Usage);
        Assert.Equal(first.Usage.Sum(u => u.CostUsd), first.Progress.Usage!.CostUsd);
        Assert.True(first.Progress.Usage.Calls > 0);
    }

    [Fact]
    public async Task With_spending_disabled_no_paid_call_is_sent_and_the_search_says_why()
    {
        await using var leadora = await SandboxLeadora.StartAsync(configuration: new Dictionary<string, string?> { ["CAN_SPEND"] = "false" });
        var result = await leadora.RunAsync(SandboxLeadora.SmallRequest);
        Assert.Equal(0, leadora.Sandbox.RequestLog.Count);
        Assert.Equal(SearchStatus.Failed, result.Search.Status);
        Assert.Contains("CAN_SPEND=false", result.Search.Error, StringComparison.Ordinal);
        Assert.All(result.Usage, u => Assert.Equal(0, u.Calls));
    }

    [Fact]
    public async Task A_budget_stops_new_paid_calls_and_the_search_finishes_with_warnings()
    {
        await using var unlimited = await SandboxLeadora.StartAsync();
        var full = await unlimited.RunAsync(SandboxLeadora.DemoRequest);
        var fullCost = full.Usage.Sum(u => u.CostUsd);
        var personasCost = full.Usage.Where(u => u.Operation == "chat.primary").Sum(u => u.CostUsd);

        // Enough for the personas, far from enough for everything.
        var budget = decimal.Round(personasCost + (fullCost - personasCost) / 4, 4);
        await using var limited = await SandboxLeadora.StartAsync();
        var result = await limited.RunAsync(SandboxLeadora.DemoRequest with { Limits = new SearchLimits { MaxCostUsd = budget } });

        Assert.Equal(SearchStatus.CompletedWithWarnings, result.Search.Status);
        Assert.Contains(result.Warnings, w => w.Code == "budget_reached");
        var spent = result.Usage.Sum(u => u.CostUsd);
        Assert.True(spent < fullCost, $"spent {spent} of a full run's {fullCost}");
        Assert.True(result.Businesses.Count < full.Businesses.Count || result.DecisionMakers.Count < full.DecisionMakers.Count);
        Assert.Equal(3, result.BusinessPersonas.Count);
    }

    [Fact]
    public async Task Jobs_and_provider_calls_are_traced_and_measured()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LeadoraTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(string Instrument, double Value, string? Provider, string? Operation)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LeadoraTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? provider = null, operation = null;
            foreach (var tag in tags)
            {
                provider = tag.Key == "leadora.provider" ? tag.Value as string : provider;
                operation = tag.Key == "leadora.operation" ? tag.Value as string : operation;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, value, provider, operation));
            }
        }

        meters.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meters.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meters.Start();

        await using var leadora = await SandboxLeadora.StartAsync();
        var search = await leadora.RunAsync(SandboxLeadora.SmallRequest);

        lock (spans)
        {
            var ours = spans.Where(s => Equals(s.GetTagItem("leadora.search.id"), search.Search.Id)).ToList();
            Assert.Contains(ours, s => s.DisplayName == "job personas");
            Assert.Contains(ours, s => s.DisplayName == "job discovery");
            Assert.Contains(ours, s => s.DisplayName == "openai chat.primary" && s.Kind == ActivityKind.Client);
            Assert.Contains(ours, s => s.DisplayName == "serper places");
        }

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Instrument == "leadora.provider.calls" && m.Provider == "openai" && m.Operation == "chat.primary");
            Assert.Contains(measurements, m => m.Instrument == "leadora.provider.tokens" && m.Provider == "openai" && m.Value > 0);
            Assert.Contains(measurements, m => m.Instrument == "leadora.provider.cost" && m.Provider == "serper" && m.Value > 0);
            Assert.Contains(measurements, m => m.Instrument == "leadora.provider.duration" && m.Operation == "embeddings");
        }
    }

    [Fact]
    public void Redaction_masks_keys_emails_and_phones()
    {
        var text = "POST https://maps.example/place?query=x&key=AIzaSyA1234567890abcdefghijkLMNOP failed for jane.doe@najd.example, call +966 11 555 0142; Authorization: Bearer sk-live-abcdef123456";
        var redacted = Redaction.Redact(text);
        Assert.DoesNotContain("AIza", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("jane.doe", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("555 0142", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-live", redacted, StringComparison.Ordinal);
        Assert.Contains("key=[redacted]", redacted, StringComparison.Ordinal);
        Assert.Contains("[email]", redacted, StringComparison.Ordinal);
        Assert.Contains("[phone]", redacted, StringComparison.Ordinal);
        Assert.Equal("attempt 3 of 4 at 12:30", Redaction.Redact("attempt 3 of 4 at 12:30"));
    }

    [Fact]
    public async Task Logs_of_a_full_run_with_faults_and_every_fallback_hold_no_key_email_or_phone()
    {
        var keys = new Dictionary<string, string>
        {
            ["openai"] = "sk-leadora-test-openai-0123456789",
            ["gemini"] = "AIzaLeadoraTestGemini0123456789abcdef",
            ["deepseek"] = "sk-leadora-test-deepseek-0123456789",
            ["serper"] = "serper-leadora-test-0123456789abcdef",
            ["places"] = "AIzaLeadoraTestPlaces0123456789abcdef",
            ["cse"] = "AIzaLeadoraTestCse0123456789abcdefgh",
        };
        var capture = new CapturingLoggerProvider();
        await using var leadora = await SandboxLeadora.StartAsync(
            sandbox: o =>
            {
                // Out of credit is never retried: every LLM call falls through OpenAI and Gemini to DeepSeek (embeddings
                // degrade to local matching), every Places (New) call to legacy Places, and half the Serper calls to
                // Places (New) or Custom Search; 500s add retries.
                o.FaultRates.Add(new SandboxFaultRate("openai", SandboxFaultKind.OutOfCredit, 1.0));
                o.FaultRates.Add(new SandboxFaultRate("gemini", SandboxFaultKind.OutOfCredit, 1.0));
                o.FaultRates.Add(new SandboxFaultRate("serper", SandboxFaultKind.OutOfCredit, 0.5));
                o.FaultRates.Add(new SandboxFaultRate("serper", SandboxFaultKind.InternalServerError, 0.2));
                o.FaultRates.Add(new SandboxFaultRate("places", SandboxFaultKind.OutOfCredit, 1.0));
            },
            services: b =>
            {
                b.Services.PostConfigure<Leadora.Providers.OpenAIProviderOptions>(o => o.ApiKey = keys["openai"]);
                b.Services.PostConfigure<Leadora.Providers.GeminiOptions>(o => o.ApiKey = keys["gemini"]);
                b.Services.PostConfigure<Leadora.Providers.DeepSeekOptions>(o => o.ApiKey = keys["deepseek"]);
                b.Services.PostConfigure<Leadora.Providers.SerperOptions>(o => o.ApiKey = keys["serper"]);
                b.Services.PostConfigure<Leadora.Providers.GooglePlacesOptions>(o => o.ApiKey = keys["places"]);
                b.Services.PostConfigure<Leadora.Providers.GoogleCseOptions>(o => o.ApiKey = keys["cse"]);
            },
            configuration: new Dictionary<string, string?> { ["Leadora:Jobs:RetryBaseDelay"] = "00:00:00.050", ["Leadora:Jobs:MaxAttempts"] = "6" },
            logger: capture);
        var result = await leadora.RunAsync(SandboxLeadora.DemoRequest);
        Assert.True(result.Search.Status is SearchStatus.Completed or SearchStatus.CompletedWithWarnings, result.Search.Error);

        var calledProviders = leadora.Sandbox.RequestLog.Snapshot().Select(r => r.Provider).ToHashSet();
        foreach (var provider in new[] { "openai", "gemini", "deepseek", "serper", "places", "places_legacy", "cse" })
        {
            Assert.Contains(provider, calledProviders);
        }

        var requests = string.Join('\n', leadora.Sandbox.RequestLog.Snapshot().Select(r => r.Path + r.QueryString + string.Join(' ', r.Headers.Values)));
        Assert.All(keys.Values, key => Assert.Contains(key, requests, StringComparison.Ordinal));

        var lines = capture.Lines;
        Assert.Contains(lines, l => l.StartsWith("Warning", StringComparison.Ordinal));
        foreach (var key in keys.Values.Append("sandbox-key"))
        {
            Assert.DoesNotContain(lines, l => l.Contains(key, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"));
        var phones = result.Businesses.Where(b => b.Phone is not null).Select(b => b.Phone!).ToList();
        Assert.NotEmpty(phones);
        Assert.DoesNotContain(lines, l => phones.Any(p => l.Contains(p, StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => Regex.IsMatch(l, @"\+\d{1,3}[\s-]?\d{1,4}[\s-]?\d{3}[\s-]?\d{3,4}"));
    }
}
