using System.Text.RegularExpressions;

namespace Leadora.Packaging.Tests;

/// <summary>
/// New apps outside the solution, referencing the packed packages by version, built with warnings as errors and run
/// offline against the packaged sandbox. Their code is taken from README.md when the test runs, so the README's samples
/// are the code that is proven to work.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed partial class ConsumerAppTests(PackedPackages packages)
{
    /// <summary>The sandbox hookup that README.md documents for running its code sample offline.</summary>
    private const string StartSandbox = "await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions());";
    private const string UseSandbox = ".UseSandbox(sandbox);";
    private const string UseConfiguredProviders = ".UseConfiguredProviders();";

    private string Readme => File.ReadAllText(Path.Combine(packages.RepoRoot, "README.md"));

    [Fact]
    public void The_readme_documents_the_offline_hookup_the_test_applies()
    {
        var readme = Readme;
        Assert.Contains(StartSandbox, readme, StringComparison.Ordinal);
        Assert.Contains(UseSandbox, readme, StringComparison.Ordinal);
        Assert.Contains("using Leadora.Sandbox;", readme, StringComparison.Ordinal);
        foreach (var id in PackedPackages.PackageIds)
        {
            Assert.Contains($"dotnet add package {id}", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_readme_code_sample_runs_offline_from_the_packages()
    {
        var readme = Readme;
        var sample = CodeBlockAfter(readme, "## Use it from code\n");
        Assert.Equal(1, Occurrences(sample, UseConfiguredProviders));
        var offline = "using Leadora.Sandbox;\n" + sample
            .Replace(UseConfiguredProviders, UseSandbox, StringComparison.Ordinal)
            .Replace("var builder = Host.CreateApplicationBuilder(args);", StartSandbox + "\nvar builder = Host.CreateApplicationBuilder(args);", StringComparison.Ordinal);
        Assert.Contains(StartSandbox, offline, StringComparison.Ordinal);

        var output = BuildAndRun("readme-sample", offline, "Leadora.Core", "Leadora.Providers", "Leadora.Sandbox");
        var counts = Counts().Match(output);
        Assert.True(counts.Success, output);
        Assert.True(int.Parse(counts.Groups[1].Value) > 0, output);
        Assert.True(int.Parse(counts.Groups[2].Value) > 0, output);
    }

    [Fact]
    public void The_own_providers_sample_runs_offline_from_the_packages_with_its_own_adapters()
    {
        var sample = CodeBlockAfter(Readme, "<!-- consumer-sample: own-providers -->\n");
        var output = BuildAndRun("own-providers", sample, "Leadora.Core", "Leadora.Sandbox");
        var counts = Counts().Match(output);
        Assert.True(counts.Success, output);
        Assert.True(int.Parse(counts.Groups[1].Value) > 0, output);
        Assert.Contains("Completed", output, StringComparison.Ordinal);
        var calls = OwnCalls().Match(output);
        Assert.True(calls.Success, output);
        Assert.All(new[] { 1, 2, 3 }, g => Assert.True(int.Parse(calls.Groups[g].Value) > 0, output));
        Assert.Matches("first business: .+ via my-places", output);
    }

    private string BuildAndRun(string name, string program, params string[] packageIds)
    {
        var app = Directory.CreateDirectory(Path.Combine(packages.Root, name)).FullName;
        var references = string.Join("\n", packageIds.Select(id => $"    <PackageReference Include=\"{id}\" Version=\"{packages.Version}\" />"));
        File.WriteAllText(Path.Combine(app, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.13" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), program);

        var build = PackedPackages.Run(app, "dotnet", "build", "-c", "Release", "--nologo");
        Assert.True(build.ExitCode == 0, $"{name} did not build from the packages:\n{build.Output}");
        Assert.Matches(@"\b0 Warning\(s\)", build.Output);
        var run = PackedPackages.Run(app, "dotnet", "run", "-c", "Release", "--no-build");
        Assert.True(run.ExitCode == 0, $"{name} failed:\n{run.Output}");

        // The Leadora packages came from the local feed, into the app's own package folder.
        foreach (var id in packageIds)
        {
            Assert.True(Directory.Exists(Path.Combine(packages.Root, "packages", id.ToLowerInvariant(), packages.Version)), $"{id} was not restored from the local feed");
        }

        return run.Output;
    }

    private static string CodeBlockAfter(string markdown, string marker)
    {
        var at = markdown.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"README.md has no '{marker.Trim()}'");
        var start = markdown.IndexOf("```csharp\n", at, StringComparison.Ordinal) + "```csharp\n".Length;
        var end = markdown.IndexOf("\n```", start, StringComparison.Ordinal);
        return markdown[start..end] + "\n";
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;

    [GeneratedRegex(@"(\d+) businesses, (\d+) decision makers")]
    private static partial Regex Counts();

    [GeneratedRegex(@"my-llm calls: (\d+), my-places calls: (\d+), my-web-search calls: (\d+)")]
    private static partial Regex OwnCalls();
}
