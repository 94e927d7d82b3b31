using System.Diagnostics.CodeAnalysis;
using Leadora.Web.Hosting;
using Leadora.Web.Security;

namespace Leadora.Web;

/// <summary>
/// Entry point. <c>dotnet run --project samples/Leadora.Web</c> serves the API and UI on http://127.0.0.1:5080
/// (offline against the sandbox when no provider keys are configured);
/// <c>dotnet run --project samples/Leadora.Web -- token --user alice</c> prints a bearer token for local use.
/// </summary>
[SuppressMessage("Maintainability", "CA1515:Consider making public types internal", Justification = "Tests host the app through WebApplicationFactory<Program>, which needs a public, non-static entry type.")]
public sealed class Program
{
    private Program()
    {
    }

    /// <summary>Runs the host or the <c>token</c> command.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "token")
        {
            return TokenCommand.Run(args[1..], Console.Out, Console.Error);
        }

        WebApplication app;
        try
        {
            app = await LeadoraWebApp.BuildAsync(args);
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"leadora-web: {ex.Message}");
            return 1;
        }

        await using (app)
        {
            await app.RunAsync();
        }

        return 0;
    }
}
