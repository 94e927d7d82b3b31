namespace Leadora.Sandbox.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Latency_and_faults_parse()
    {
        var latency = SandboxOptions.ParseLatency("openai=2000, serper=600");
        var faults = SandboxOptions.ParseFaults("openai:429=0.3,serper:500=0.2,places:timeout=0.1,gemini:malformed=0.2,deepseek:schema=0.1,cse:credit=0.05,places_legacy:503=0.5");

        Assert.Equal(TimeSpan.FromSeconds(2), latency["openai"]);
        Assert.Equal(TimeSpan.FromMilliseconds(600), latency["serper"]);
        Assert.Equal(7, faults.Count);
        Assert.Contains(new SandboxFaultRate("openai", SandboxFaultKind.RateLimit, 0.3), faults);
        Assert.Contains(new SandboxFaultRate("places", SandboxFaultKind.Timeout, 0.1), faults);
        Assert.Contains(new SandboxFaultRate("deepseek", SandboxFaultKind.SchemaViolation, 0.1), faults);
        Assert.Equal(SandboxOptions.RealisticLatency.Count, SandboxOptions.ParseLatency("realistic").Count);
    }

    [Theory]
    [InlineData("bing=100", "Unknown provider 'bing'")]
    [InlineData("openai", "provider=milliseconds")]
    [InlineData("openai=fast", "'fast'")]
    public void Bad_latency_names_the_problem(string spec, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SandboxOptions.ParseLatency(spec));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bing:429=0.1", "Unknown provider 'bing'")]
    [InlineData("openai:418=0.1", "Unknown fault kind '418'")]
    [InlineData("openai:429=1.5", "'1.5'")]
    [InlineData("openai:429", "provider:kind=rate")]
    [InlineData("serper:schema=0.1", "only to LLM providers")]
    [InlineData("openai:429=0.6,openai:500=0.6", "add up to 1.2")]
    public void Bad_faults_name_the_problem(string spec, string expected)
    {
        var error = Assert.Throws<FormatException>(() => SandboxOptions.ParseFaults(spec));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_parse_and_reject_unknown_flags()
    {
        var options = SandboxOptions.ParseArguments(["--port", "5090", "--seed=7", "--latency", "openai=2000", "--faults", "serper:500=0.2"]);

        Assert.Equal(5090, options.Port);
        Assert.Equal(7, options.Seed);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Latency["openai"]);
        Assert.Single(options.FaultRates);
        Assert.Contains("--verbose", Assert.Throws<FormatException>(() => SandboxOptions.ParseArguments(["--verbose", "1"])).Message, StringComparison.Ordinal);
        Assert.Contains("needs a value", Assert.Throws<FormatException>(() => SandboxOptions.ParseArguments(["--port"])).Message, StringComparison.Ordinal);
        Assert.Contains("'abc'", Assert.Throws<FormatException>(() => SandboxOptions.ParseArguments(["--seed", "abc"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_options_are_rejected_at_start()
    {
        var options = new SandboxOptions();
        options.Latency["bing"] = TimeSpan.FromSeconds(1);

        await Assert.ThrowsAsync<ArgumentException>(() => SandboxServer.StartAsync(options));
        Assert.Throws<ArgumentException>(() => new SandboxFaultQueue().Enqueue("bing", SandboxFault.Timeout()));
    }
}
