using System.Diagnostics;
using System.Text;
using System.Xml.Linq;

namespace Leadora.Packaging.Tests;

/// <summary>
/// Packs Leadora.Core, Leadora.Providers, Leadora.Storage.Postgres and Leadora.Sandbox once per test run into a temporary
/// local feed (from the Release build that ./test.sh makes), and runs dotnet commands in apps outside the repository.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    public static readonly string[] PackageIds = ["Leadora.Core", "Leadora.Providers", "Leadora.Storage.Postgres", "Leadora.Sandbox"];

    public PackedPackages()
    {
        RepoRoot = FindRepoRoot();
        Root = Directory.CreateTempSubdirectory("leadora-packaging-").FullName;
        Feed = Directory.CreateDirectory(Path.Combine(Root, "feed")).FullName;
        Version = ReadVersion(RepoRoot);

        // Apps under Root must not pick up the repository's build files, nor any above the temp dir.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "global.json"), File.ReadAllText(Path.Combine(RepoRoot, "global.json")));

        foreach (var id in PackageIds)
        {
            var project = Path.Combine(RepoRoot, "src", id, id + ".csproj");
            var pack = Run(RepoRoot, "dotnet", "pack", project, "-c", "Release", "--no-build", "--nologo", "-o", Feed);
            Assert.True(pack.ExitCode == 0, $"dotnet pack {id} failed:\n{pack.Output}");
        }

        // The consumer apps restore from the local feed plus the sources configured on this machine (the user's
        // NuGet.Config is inherited, so no registry is named here), into a package folder of their own, so a Leadora
        // package never lands in, or comes from, the machine's global package cache. That cache is a fallback folder
        // for the third-party packages, so nothing is downloaded twice.
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var fallback = Directory.Exists(machineCache) ? $"\n  <fallbackPackageFolders>\n    <add key=\"machine\" value=\"{machineCache}\" />\n  </fallbackPackageFolders>" : "";
        File.WriteAllText(Path.Combine(Root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(Root, "packages")}" />
              </config>
              <packageSources>
                <add key="leadora-local" value="{Feed}" />
              </packageSources>{fallback}
            </configuration>
            """);
    }

    public string RepoRoot { get; }

    public string Root { get; }

    public string Feed { get; }

    public string Version { get; }

    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    public static (int ExitCode, string Output) Run(string workingDirectory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The test host's MSBuild settings must not leak into the child builds.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        start.Environment.Remove("MSBuildSDKsPath");
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, output + "\n(timed out)");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child process may still hold a file; the temp dir is cleaned by the OS.
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Leadora.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Leadora.sln not found above " + AppContext.BaseDirectory);
    }

    private static string ReadVersion(string repoRoot)
    {
        var props = XDocument.Load(Path.Combine(repoRoot, "Directory.Build.props"));
        return props.Descendants("Version").Single().Value;
    }
}

[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackedPackages>
{
    public const string Name = "packaging";
}
