using System.CommandLine;
using Leadora.Exports;
using Leadora.Ports;
using Leadora.Sandbox;
using Leadora.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Leadora.Cli;

/// <summary>The <c>leadora</c> command line.</summary>
internal static class CliApp
{
    /// <summary>The example search <c>leadora demo</c> runs.</summary>
    public static LeadSearchRequest DemoRequest { get; } = new()
    {
        SearchType = SearchType.Customer,
        ProductService = "Industrial water-treatment chemicals (corrosion and scale inhibitors, biocides) for cooling towers and process water",
        Industries = ["Petrochemicals", "Power generation"],
        Countries = ["Saudi Arabia", "United Arab Emirates"],
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"leadora: {parse.Errors[0].Message} (see 'leadora --help')");
            return ExitCodes.BadInput;
        }

        try
        {
            // Ctrl+C and SIGTERM cancel the action; give it time to stop its jobs (a worker returns them to the queue) and print what was found.
            return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30), EnableDefaultExceptionHandler = false });
        }
        catch (OptionsValidationException ex) when (ex.OptionsType == typeof(PostgresStorageOptions))
        {
            await Console.Error.WriteLineAsync($"leadora: {string.Join(" ", ex.Failures)}");
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is NpgsqlException || (ex is InvalidOperationException && ex.Source?.StartsWith("Leadora.Storage.Postgres", StringComparison.Ordinal) == true))
        {
            // Npgsql's messages name the host and the failure, never the password.
            await Console.Error.WriteLineAsync($"leadora: database error: {ex.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("leadora: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            // What System.CommandLine's default handler did before database errors got their own message.
            await Console.Error.WriteLineAsync($"Unhandled exception: {ex}");
            return ExitCodes.Failed;
        }
    }

    private static RootCommand Build()
    {
        var root = new RootCommand("Leadora: find B2B customers or suppliers, the people who decide, and the market around them.");
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(SearchCommand());
        root.Subcommands.Add(SandboxCommand());
        root.Subcommands.Add(ShowCommand());
        root.Subcommands.Add(WorkerCommand());
        root.Subcommands.Add(DbCommand());
        root.Subcommands.Add(EvalCommand());
        return root;
    }

    private static Command DemoCommand()
    {
        var offline = new OfflineOptions();
        var command = new Command("demo", "Run a built-in example search offline against the in-process sandbox (synthetic data; no keys, no database) and write leadora-demo.csv and leadora-demo.json.");
        offline.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!offline.TryRead(parse, out var sandbox, out var error))
            {
                return BadInput(error);
            }

            return await SearchRun.RunAsync(new SearchRunSettings
            {
                Request = DemoRequest,
                Sandbox = sandbox,
                Json = false,
                Demo = true,
                OutputFiles = ["leadora-demo.csv", "leadora-demo.json"],
                Verbose = parse.GetValue(offline.Verbose),
            }, ct);
        });
        return command;
    }

    private static Command SearchCommand()
    {
        var product = new Option<string>("--product") { Description = "What you sell or buy, in plain words." };
        var industry = new Option<string[]>("--industry") { Description = "A target industry; repeat for more." };
        var country = new Option<string[]>("--country") { Description = "A target country (name or ISO code); repeat for more." };
        var type = new Option<string>("--type") { Description = "customer (find buyers) or supplier (find sellers).", DefaultValueFactory = _ => "customer" };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON document on stdout; everything else goes to stderr." };
        var output = new Option<string[]>("--out") { Description = "Also write the results to FILE (.json or .csv); repeat for more." };
        var offlineFlag = new Option<bool>("--offline") { Description = "Use the in-process sandbox (synthetic data) instead of the real providers." };
        var detach = new Option<bool>("--detach") { Description = "With a database: enqueue the search, print its id and return at once; running workers do the work." };
        var database = new DatabaseOption();
        var offline = new OfflineOptions();
        var command = new Command("search", "Run a lead search and print personas, businesses, decision makers and the market report.")
        {
            product, industry, country, type, json, output, offlineFlag, detach,
        };
        database.AddTo(command);
        offline.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var typeText = parse.GetValue(type)?.Trim() ?? "";
            if (!Enum.TryParse<SearchType>(typeText, ignoreCase: true, out var searchType) || !Enum.IsDefined(searchType) || int.TryParse(typeText, out _))
            {
                return BadInput($"unknown --type '{typeText}'; use customer or supplier.");
            }

            var request = new LeadSearchRequest
            {
                SearchType = searchType,
                ProductService = parse.GetValue(product) ?? "",
                Industries = parse.GetValue(industry) ?? [],
                Countries = parse.GetValue(country) ?? [],
            };
            var problems = LeadSearchValidator.Validate(request);
            if (problems.Count > 0)
            {
                return BadInput(string.Join("; ", problems.Select(p => $"{Flag(p.Field)} {p.Message}")));
            }

            var outputs = parse.GetValue(output) ?? [];
            var badOutput = outputs.FirstOrDefault(o => !o.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !o.EndsWith(".csv", StringComparison.OrdinalIgnoreCase));
            if (badOutput is not null)
            {
                return BadInput($"--out '{badOutput}' must end in .json or .csv.");
            }

            if (!offline.TryRead(parse, out var sandbox, out var error))
            {
                return BadInput(error);
            }

            var isOffline = parse.GetValue(offlineFlag);
            if (!isOffline && sandbox.Changed)
            {
                return BadInput("--latency, --faults and --seed only apply with --offline.");
            }

            var connection = database.Resolve(parse, out var databaseError);
            if (databaseError is not null)
            {
                return BadInput(databaseError);
            }

            var isDetached = parse.GetValue(detach);
            if (isDetached && connection is null)
            {
                return BadInput("--detach needs a database for workers to share: pass --database or set LEADORA_DATABASE_URL.");
            }

            if (isDetached && outputs.Length > 0)
            {
                return BadInput("--out does not apply with --detach (the search has not run yet); use 'leadora show ID --json' later.");
            }

            return await SearchRun.RunAsync(new SearchRunSettings
            {
                Request = request,
                Sandbox = isOffline ? sandbox : null,
                Json = parse.GetValue(json),
                OutputFiles = outputs,
                Verbose = parse.GetValue(offline.Verbose),
                Database = connection,
                Detach = isDetached,
            }, ct);
        });
        return command;
    }

    private static Command SandboxCommand()
    {
        var port = new Option<int>("--port") { Description = "Loopback port (default: a free one).", DefaultValueFactory = _ => 0 };
        var offline = new OfflineOptions();
        var command = new Command("sandbox", "Serve the offline provider emulator on 127.0.0.1 until Ctrl+C.") { port };
        offline.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!offline.TryRead(parse, out var settings, out var error))
            {
                return BadInput(error);
            }

            var options = settings.ToOptions();
            options.Port = parse.GetValue(port);
            await using var server = await SandboxServer.StartAsync(options, ct);
            await Console.Out.WriteLineAsync($"Leadora sandbox (synthetic data) listening on {server.BaseAddress}");
            await Console.Out.WriteLineAsync("Base URLs: OpenAI {base}openai/v1, Gemini {base}gemini, DeepSeek {base}deepseek, Serper {base}serper,");
            await Console.Out.WriteLineAsync("Places (New) {base}places, legacy Places {base}maps/api/place, Custom Search {base}customsearch/v1.");
            await Console.Out.WriteLineAsync($"Workers and web hosts share it with --sandbox {server.BaseAddress} (or LEADORA_SANDBOX_URL); per-provider stats at {server.BaseAddress}_sandbox/stats. Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<string>("SEARCH_ID") { Description = "The search's id, as 'search' printed it." };
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON document on stdout (the same shape as 'search --json')." };
        var database = new DatabaseOption();
        var command = new Command("show", "Print a stored search (from the database): status, progress and whatever it has found so far.") { id, json };
        database.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!Guid.TryParse(parse.GetValue(id), out var searchId))
            {
                return BadInput($"'{parse.GetValue(id)}' is not a search id.");
            }

            var connection = database.Resolve(parse, out var error);
            if (error is not null || connection is null)
            {
                return BadInput(error ?? "show reads the database: pass --database or set LEADORA_DATABASE_URL.");
            }

            await using var services = CliServices.Build(new CliServiceSettings { Database = connection, Providers = false });
            var tenant = CliServices.DefaultTenant();
            var result = await services.GetRequiredService<SearchReader>().GetResultAsync(tenant, searchId, ct);
            if (result is null)
            {
                await Console.Error.WriteLineAsync($"leadora: search {searchId} does not exist (tenant '{tenant}').");
                return ExitCodes.Failed;
            }

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(LeadSearchDocument.From(result).ToJson());
            }
            else
            {
                Rendering.ResultView.Write(Console.Out, result, demo: false);
                await Console.Out.WriteLineAsync($"Progress: {result.Progress.Overall:0.0}% ({string.Join(", ", result.Progress.Phases.Select(p => $"{p.Phase} {p.CompletedUnits}/{p.TotalUnits}"))})");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command WorkerCommand()
    {
        var offlineFlag = new Option<bool>("--offline") { Description = "Use an in-process sandbox (synthetic data) as every provider; workers with the same --seed see the same world." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Jobs run at once by this worker (default: Leadora:Runner:MaxConcurrentJobs, 32)." };
        var workerId = new Option<string?>("--worker-id") { Description = "Id recorded on the jobs this worker leases (default: host-pid-random)." };
        var sandboxUrl = new Option<string?>("--sandbox") { Description = "Use the standalone sandbox at URL ('leadora sandbox --port N') as every provider, shared by the fleet (default: LEADORA_SANDBOX_URL); provider limits such as OPENAI_MAX_CONCURRENT still apply." };
        var database = new DatabaseOption();
        var offline = new OfflineOptions();
        var command = new Command("worker", "Drain the PostgreSQL job queue until Ctrl+C or SIGTERM; run several to share the work. Unfinished jobs go back to the queue on shutdown.")
        {
            offlineFlag, concurrency, workerId, sandboxUrl,
        };
        database.AddTo(command);
        offline.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!offline.TryRead(parse, out var sandbox, out var error))
            {
                return BadInput(error);
            }

            var isOffline = parse.GetValue(offlineFlag);
            if (!isOffline && sandbox.Changed)
            {
                return BadInput("--latency, --faults and --seed only apply with --offline.");
            }

            var sharedSandbox = parse.GetValue(sandboxUrl) is { Length: > 0 } flag ? flag : SharedSandboxSetting();
            Uri? sharedSandboxUri = null;
            if (sharedSandbox is not null && (!Uri.TryCreate(sharedSandbox, UriKind.Absolute, out sharedSandboxUri) || sharedSandboxUri.Scheme is not ("http" or "https")))
            {
                return BadInput($"--sandbox (or LEADORA_SANDBOX_URL) must be an http:// URL, like http://127.0.0.1:5090/; got '{sharedSandbox}'.");
            }

            if (sharedSandboxUri is not null && isOffline)
            {
                return BadInput("--sandbox and --offline exclude each other: --offline starts a sandbox in this process.");
            }

            if (parse.GetValue(concurrency) is < 1 or > 256)
            {
                return BadInput("--concurrency must be between 1 and 256.");
            }

            var connection = database.Resolve(parse, out var databaseError);
            if (databaseError is not null || connection is null)
            {
                return BadInput(databaseError ?? "worker drains the database's job queue: pass --database or set LEADORA_DATABASE_URL.");
            }

            return await WorkerRun.RunAsync(new WorkerRunSettings
            {
                Database = connection,
                Sandbox = isOffline ? sandbox : null,
                SandboxUrl = sharedSandboxUri,
                WorkerId = parse.GetValue(workerId),
                Concurrency = parse.GetValue(concurrency),
                Verbose = parse.GetValue(offline.Verbose),
            }, ct);
        });
        return command;
    }

    private static Command DbCommand()
    {
        var supabase = new Option<bool>("--supabase-rls") { Description = "Also apply the Supabase row-level-security policies (tenant_id = auth.uid())." };
        var database = new DatabaseOption();
        var migrate = new Command("migrate", "Apply pending schema migrations (safe to run from several processes at once).") { supabase };
        database.AddTo(migrate);
        migrate.SetAction(async (parse, ct) =>
        {
            var connection = database.Resolve(parse, out var error);
            if (error is not null || connection is null)
            {
                return BadInput(error ?? "db migrate needs a database: pass --database or set LEADORA_DATABASE_URL.");
            }

            await using var services = CliServices.Build(new CliServiceSettings { Database = connection, Providers = false });
            PostgresStorageOptions options;
            try
            {
                options = services.GetRequiredService<IOptions<PostgresStorageOptions>>().Value;
            }
            catch (OptionsValidationException ex)
            {
                return BadInput(ex.Failures.First());
            }

            if (parse.GetValue(supabase))
            {
                options.EnableSupabaseRowLevelSecurity = true;
            }

            var result = await PostgresMigrator.MigrateAsync(options, null, ct);
            foreach (var migration in result.Applied)
            {
                await Console.Out.WriteLineAsync($"applied {migration.Version:0000}_{migration.Name}");
            }

            await Console.Out.WriteLineAsync($"schema {result.Schema} at {PostgresConnectionString.Describe(connection)} is up to date ({result.Applied.Count} applied now, {result.AlreadyApplied.Count} before).");
            return ExitCodes.Success;
        });
        var command = new Command("db", "Database maintenance.") { migrate };
        return command;
    }

    private static Command EvalCommand()
    {
        var json = new Option<bool>("--json") { Description = "Print exactly one JSON object as the last line: {\"figures\": [{name, value, target, direction, met, items}]}." };
        var root = new Option<string?>("--root") { Description = "The repository root that holds eval/ (default: found above the working directory or the executable)." };
        var verbose = new Option<bool>("--verbose") { Description = "Log every labelled item the rules got wrong on stderr." };
        var command = new Command(
            "eval",
            "Measure lead quality on the labelled sets in eval/ (and ../shared/eval when present); no network, no keys. Exit code 0 when every figure meets its target, 1 when one does not, 2 when no data was found.")
        {
            json, root, verbose,
        };
        command.SetAction((parse, ct) => Evaluation.EvalRun.RunAsync(parse.GetValue(root), parse.GetValue(json), parse.GetValue(verbose), ct));
        return command;
    }

    /// <summary>The shared sandbox from the environment: <c>LEADORA_SANDBOX_URL</c>, else <c>Leadora__Worker__SandboxUrl</c>.</summary>
    private static string? SharedSandboxSetting() =>
        Environment.GetEnvironmentVariable("LEADORA_SANDBOX_URL") is { Length: > 0 } url ? url
        : Environment.GetEnvironmentVariable("Leadora__Worker__SandboxUrl") is { Length: > 0 } setting ? setting
        : null;

    private static string Flag(string field) => field switch
    {
        "productService" => "--product",
        "industries" => "--industry",
        "countries" => "--country",
        "searchType" => "--type",
        _ => field,
    };

    private static int BadInput(string message)
    {
        Console.Error.WriteLine($"leadora: {message}");
        return ExitCodes.BadInput;
    }
}
