namespace Leadora.Web.Tests.Browser;

/// <summary>
/// One web host (in memory, no added latency) with one finished search of about a thousand businesses and a few thousand
/// decision makers, run through the real pipeline against the sandbox's synthetic world: six business personas in six
/// countries with up to 40 businesses each, three decision makers per business. Shared by a test class.
/// </summary>
public sealed class LargeSearchFixture : IAsyncLifetime
{
    public const string Owner = "sales-user";

    public static object Request { get; } = new
    {
        searchType = "customer",
        productService = "Industrial water-treatment chemicals for cooling towers, boilers and process water",
        industries = new[] { "Petrochemicals", "Power generation", "Oil refining", "Fertilizers", "Steel", "Water treatment" },
        countries = new[] { "Saudi Arabia", "United Arab Emirates", "United States", "Germany", "India", "United Kingdom" },
        limits = new { businessPersonas = 6, decisionMakerPersonas = 3, businessesPerPersona = 40, decisionMakersPerBusiness = 3 },
    };

    internal KestrelHost Host { get; private set; } = null!;

    public Guid SearchId { get; private set; }

    public TimeSpan SearchTime { get; private set; }

    public string BaseUrl => Host.BaseUrl;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumFactAttribute.ExecutablePath) && !ChromiumFactAttribute.IsCi)
        {
            return;
        }

        Host = await KestrelHost.StartAsync("--Leadora:Cache:Enabled=false");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var (id, status) = await Host.RunSearchAsync(Owner, Request, TimeSpan.FromMinutes(8));
        SearchTime = started.Elapsed;
        Assert.Equal("completed", status);
        SearchId = id;
    }

    public async Task DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}
