using System.Diagnostics;
using System.Diagnostics.Metrics;
using Leadora.Testing;

namespace Leadora.Core.Tests.Pipeline;

/// <summary>Provider-call spans and metrics follow the OpenTelemetry GenAI semantic conventions beside Leadora's own names.</summary>
public sealed class GenAiTelemetryTests
{
    [Fact]
    public async Task Llm_and_embedding_calls_carry_the_gen_ai_conventions_and_places_calls_do_not()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LeadoraTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(string Instrument, string Unit, double Value, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LeadoraTelemetry.Name && instrument.Name.StartsWith("gen_ai.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (measurements)
            {
                measurements.Add((instrument.Name, instrument.Unit ?? "", value, copy));
            }
        }

        meters.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        meters.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        meters.Start();

        await using var leadora = await SandboxLeadora.StartAsync();
        var search = await leadora.RunAsync(SandboxLeadora.SmallRequest);
        var openAiUsage = search.Usage.Where(u => u.Provider == "openai" && u.Operation == "chat.primary").ToList();
        Assert.NotEmpty(openAiUsage);

        lock (spans)
        {
            var ours = spans.Where(s => Equals(s.GetTagItem("leadora.search.id"), search.Search.Id)).ToList();
            var chat = Assert.Single(ours.Where(s => s.DisplayName == "openai chat.primary").Take(1));
            Assert.Equal("chat", chat.GetTagItem("gen_ai.operation.name"));
            Assert.Equal("openai", chat.GetTagItem("gen_ai.provider.name"));
            Assert.Equal("openai", chat.GetTagItem("gen_ai.system"));
            Assert.False(string.IsNullOrEmpty(chat.GetTagItem("gen_ai.request.model") as string));
            Assert.False(string.IsNullOrEmpty(chat.GetTagItem("gen_ai.response.model") as string));
            Assert.True(chat.GetTagItem("gen_ai.usage.input_tokens") is long input && input > 0);
            Assert.True(chat.GetTagItem("gen_ai.usage.output_tokens") is long output && output > 0);
            Assert.Equal("chat.primary", chat.GetTagItem("leadora.operation"));

            // The span's token tags are the tokens the usage ledger recorded for the same calls.
            var chatSpans = ours.Where(s => s.DisplayName == "openai chat.primary").ToList();
            Assert.Equal(openAiUsage.Sum(u => u.InputTokens), chatSpans.Sum(s => s.GetTagItem("gen_ai.usage.input_tokens") as long? ?? 0));

            var embeddings = ours.First(s => (string?)s.GetTagItem("leadora.operation") == "embeddings");
            Assert.Equal("embeddings", embeddings.GetTagItem("gen_ai.operation.name"));

            var places = ours.First(s => s.DisplayName == "serper places");
            Assert.Null(places.GetTagItem("gen_ai.operation.name"));
            Assert.Null(places.GetTagItem("gen_ai.provider.name"));
        }

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Instrument == "gen_ai.client.token.usage" && m.Unit == "{token}"
                && Equals(m.Tags["gen_ai.token.type"], "input") && Equals(m.Tags["gen_ai.operation.name"], "chat")
                && Equals(m.Tags["gen_ai.provider.name"], "openai") && m.Tags.ContainsKey("gen_ai.request.model") && m.Value > 0);
            Assert.Contains(measurements, m => m.Instrument == "gen_ai.client.token.usage" && Equals(m.Tags["gen_ai.token.type"], "output") && m.Value > 0);
            Assert.Contains(measurements, m => m.Instrument == "gen_ai.client.operation.duration" && m.Unit == "s"
                && Equals(m.Tags["gen_ai.operation.name"], "embeddings"));
            Assert.DoesNotContain(measurements, m => m.Tags.TryGetValue("gen_ai.operation.name", out var op) && op is not ("chat" or "embeddings"));
        }
    }

    [Fact]
    public void Gemini_is_named_as_the_convention_names_it()
    {
        Assert.Equal("gcp.gemini", GenAiConventions.Provider("gemini"));
        Assert.Equal("deepseek", GenAiConventions.Provider("deepseek"));
        Assert.Equal("chat", GenAiConventions.Operation("chat.ultra_light"));
        Assert.Null(GenAiConventions.Operation("places"));
    }
}
