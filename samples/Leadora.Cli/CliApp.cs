using System.CommandLine;
using Leadora.Sandbox;

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

        // Ctrl+C cancels the search; give it time to stop its jobs and print what was found before the process is ended.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(20) });
    }

    private static RootCommand Build()
    {
        var root = new RootCommand("Leadora: find B2B customers or suppliers, the people who decide, and the market around them.");
        root.Subcommands.Add(DemoCommand());
        root.Subcommands.Add(SearchCommand());
        root.Subcommands.Add(SandboxCommand());
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
        var offline = new OfflineOptions();
        var command = new Command("search", "Run a lead search and print personas, businesses, decision makers and the market report.")
        {
            product, industry, country, type, json, output, offlineFlag,
        };
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

            return await SearchRun.RunAsync(new SearchRunSettings
            {
                Request = request,
                Sandbox = isOffline ? sandbox : null,
                Json = parse.GetValue(json),
                OutputFiles = outputs,
                Verbose = parse.GetValue(offline.Verbose),
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
            await Console.Out.WriteLineAsync("Point providers at it: OpenAI {base}openai/v1, Serper {base}serper. Press Ctrl+C to stop.");
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
