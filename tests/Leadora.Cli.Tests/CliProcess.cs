using System.Diagnostics;

namespace Leadora.Cli.Tests;

/// <summary>Runs the built <c>leadora</c> command as a separate process, the way a user does.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(string workingDirectory, params string[] args) => RunAsync(workingDirectory, args, []);

    public static async Task<Result> RunAsync(string workingDirectory, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "leadora.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A developer's real keys must never leak into an offline test run.
        foreach (var variable in new[] { "OPENAI_API_KEY", "SERPER_KEY", "GEMINI_API_KEY", "DEEPSEEK_API_KEY", "GOOGLE_PLACES_KEY", "GOOGLE_CSE_KEY", "LEADORA_DATABASE_URL" })
        {
            start.Environment.Remove(variable);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"leadora {string.Join(' ', args)} did not finish within 3 minutes. stderr: {await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the command and sends it SIGINT (Ctrl+C) once its stderr contains <paramref name="interruptWhen"/>.</summary>
    public static async Task<Result> RunAndInterruptAsync(string workingDirectory, string interruptWhen, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "leadora.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        var interrupted = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            stderr.AppendLine(line);
            if (!interrupted && line.Contains(interruptWhen, StringComparison.Ordinal))
            {
                interrupted = true;
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync(timeout.Token);
            }
        }

        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, stderr.ToString());
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "leadora-cli-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }
}
