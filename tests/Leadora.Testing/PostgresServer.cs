using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Leadora.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster for this test run: initdb into a temp directory, started on a free loopback port with
/// pgvector available, stopped and deleted when the test process exits. Clusters left behind by a killed run are removed
/// by the next one. Set <c>LEADORA_TEST_POSTGRES</c> to an admin connection string to use an existing server instead.
/// Tests that need PostgreSQL fail (never skip) when it cannot be started, with the fix in the message.
/// </summary>
public sealed class PostgresServer
{
    public const string Password = "leadora-test";
    private const string Prefix = "leadora-pg-";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _settings;
    private readonly string? _runAs;

    private PostgresServer(string adminConnectionString, string? directory, string? binDirectory, string? settings = null, string? runAs = null)
    {
        AdminConnectionString = adminConnectionString;
        Directory = directory;
        BinDirectory = binDirectory;
        _settings = settings;
        _runAs = runAs;
    }

    /// <summary>Connection string of the cluster's superuser, to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    /// <summary>The cluster's directory, when this run started it.</summary>
    public string? Directory { get; }

    /// <summary>The server's bin directory, when this run started it.</summary>
    public string? BinDirectory { get; }

    /// <summary>The shared server, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>
    /// A cluster of the caller's own (never the shared one), for tests that stop the database and start it again on the
    /// same port (<see cref="StopAsync"/>, <see cref="RestartAsync"/>). It is removed when the test process exits.
    /// </summary>
    public static Task<PostgresServer> StartDedicatedAsync() => StartAsync();

    /// <summary>Stops the server (fast shutdown: connections are closed at once), keeping its data.</summary>
    public Task StopAsync() => Control("stop", "-m", "fast");

    /// <summary>Starts a stopped server again, on the same address and port.</summary>
    public Task RestartAsync() => Control("start", "-o", _settings!);

    private async Task Control(string action, params string[] options)
    {
        if (Directory is null || BinDirectory is null || _settings is null)
        {
            throw new InvalidOperationException("Only a cluster this run started (not LEADORA_TEST_POSTGRES) can be stopped and started.");
        }

        await RunAsync(Path.Combine(BinDirectory, "pg_ctl"), ["-D", Path.Combine(Directory, "data"), "-l", Path.Combine(Directory, "server.log"), "-w", "-t", "60", .. options, action], _runAs);
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using (var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection))
        {
            await command.ExecuteNonQueryAsync();
        }

        // Pooled: SCRAM authentication costs milliseconds per new connection.
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var existing = Environment.GetEnvironmentVariable("LEADORA_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(existing))
        {
            return new PostgresServer(existing, null, null);
        }

        var bin = FindBinDirectory();
        var share = (await RunAsync(Path.Combine(bin, "pg_config"), ["--sharedir"], null)).Trim();
        if (!File.Exists(Path.Combine(share, "extension", "vector.control")))
        {
            throw new InvalidOperationException($"pgvector is not installed for the PostgreSQL server in {bin} (no {share}/extension/vector.control). Run scripts/provision-postgres.sh as root (./test.sh does it).");
        }

        RemoveAbandonedClusters();
        var runAs = Environment.UserName == "root" ? "postgres" : null;
        var root = System.IO.Directory.CreateTempSubdirectory(Prefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "owner.pid"), Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        if (runAs is not null)
        {
            await RunAsync("chown", ["-R", $"{runAs}:", root], null);
        }

        var data = Path.Combine(root, "data");
        await RunAsync(Path.Combine(bin, "initdb"), ["-D", data, "-U", "leadora", $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"], runAs);
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var port = FreePort();
            var settings = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off " +
                "-c max_connections=400 -c shared_buffers=128MB -c max_wal_size=1GB -c log_min_messages=warning";
            try
            {
                await RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60", "-o", settings, "start"], runAs);
            }
            catch (InvalidOperationException ex)
            {
                last = ex;
                continue;
            }

            var server = new PostgresServer(
                new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "leadora", Password = Password, Database = "postgres", Pooling = false }.ConnectionString,
                root,
                bin,
                settings,
                runAs);
            StartWatchdog(bin, root, runAs);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(bin, root, runAs);
            return server;
        }

        Stop(bin, root, runAs);
        throw new InvalidOperationException($"The throwaway PostgreSQL cluster did not start: {last?.Message}");
    }

    private static string FindBinDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("LEADORA_PG_BIN");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var candidates = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("No PostgreSQL server binaries were found under /usr/lib/postgresql/*/bin. Run scripts/provision-postgres.sh as root (./test.sh does it), or set LEADORA_PG_BIN.");
    }

    /// <summary>
    /// A detached shell that stops the cluster and deletes its directory as soon as this test process is gone, however it
    /// ended (the test host may be killed before ProcessExit handlers finish).
    /// </summary>
    private static void StartWatchdog(string bin, string root, string? runAs)
    {
        var stop = $"{(runAs is null ? "" : $"runuser -u {runAs} -- ")}'{Path.Combine(bin, "pg_ctl")}' -D '{Path.Combine(root, "data")}' -m immediate -w stop";
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 0.5; done; {stop}; rm -rf '{root}'";
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var watchdog = Process.Start(start);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Stop(string bin, string root, string? runAs)
    {
        try
        {
            RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", Path.Combine(root, "data"), "-m", "immediate", "-w", "stop"], runAs).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            System.IO.Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort; the next run removes it.
        }
        catch (UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    /// <summary>Stops and deletes clusters whose test process is gone (a killed run cannot clean up after itself).</summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var directory in System.IO.Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var ownerFile = Path.Combine(directory, "owner.pid");
            if (File.Exists(ownerFile) && int.TryParse(File.ReadAllText(ownerFile), out var owner) && IsAlive(owner))
            {
                continue;
            }

            var pidFile = Path.Combine(directory, "data", "postmaster.pid");
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var postmaster) && IsAlive(postmaster))
            {
                try
                {
                    Process.GetProcessById(postmaster).Kill();
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or System.ComponentModel.Win32Exception)
                {
                    // Gone already.
                }
            }

            try
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort.
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<string> RunAsync(string file, IReadOnlyList<string> arguments, string? runAs)
    {
        var start = new ProcessStartInfo(runAs is null ? file : "runuser")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAs);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(file);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }
}
