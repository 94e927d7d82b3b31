using System.Text.Json;

namespace Leadora.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_demo_runs_offline_and_writes_its_files()
    {
        var directory = CliProcess.TempDirectory();
        var run = await CliProcess.RunAsync(directory, "demo");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("SYNTHETIC DATA", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Business personas", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Businesses (", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Decision makers (", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Grounded:", run.Stdout, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "leadora-demo.json")));
        var root = json.RootElement;
        Assert.Equal("completed", root.GetProperty("search").GetProperty("status").GetString());
        Assert.Equal(3, root.GetProperty("businessPersonas").GetArrayLength());
        Assert.Equal(3, root.GetProperty("decisionMakerPersonas").GetArrayLength());
        var businesses = root.GetProperty("businesses").EnumerateArray().ToList();
        Assert.True(businesses.Count >= 20);
        Assert.True(businesses.Select(b => b.GetProperty("country").GetString()).Distinct().Count() >= 2);
        Assert.All(root.GetProperty("decisionMakers").EnumerateArray(), d => Assert.Equal(JsonValueKind.Object, d.GetProperty("personaMatch").ValueKind));
        Assert.NotEqual(0, root.GetProperty("market").GetProperty("sources").GetArrayLength());

        var csv = File.ReadAllBytes(Path.Combine(directory, "leadora-demo.csv"));
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
    }
}
