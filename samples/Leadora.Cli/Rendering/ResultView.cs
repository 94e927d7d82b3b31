using System.Globalization;
using Spectre.Console;

namespace Leadora.Cli.Rendering;

/// <summary>Prints a search's results for people: personas, a businesses table, decision makers and the market summary.</summary>
internal static class ResultView
{
    public static void SyntheticBanner(TextWriter writer, Uri sandbox)
    {
        var console = Console(writer);
        console.Write(new Panel(new Markup(
                "[bold yellow]SYNTHETIC DATA[/] - this run uses the offline Leadora sandbox " + Markup.Escape($"({sandbox})") + ".\n" +
                "Every business, person, phone number, website and source below is generated, not real."))
            .Border(BoxBorder.Heavy).BorderColor(Color.Yellow));
    }

    public static void Write(TextWriter writer, LeadSearchResult result, bool demo)
    {
        var console = Console(writer);
        var search = result.Search;
        console.Write(new Rule($"[bold]Lead search {search.Id}[/] - {Markup.Escape(search.Status.ToString())}").LeftJustified());
        console.MarkupLineInterpolated($"{(search.SearchType == SearchType.Customer ? "Customers" : "Suppliers")} for [bold]{search.ProductService}[/]");
        console.MarkupLineInterpolated($"Industries: {string.Join(", ", search.Industries)} | Countries: {string.Join(", ", search.Countries.Select(c => Countries.Get(c).Name))}");
        console.WriteLine();

        WritePersonas(console, result);
        WriteBusinesses(console, result, demo ? 25 : int.MaxValue);
        WriteDecisionMakers(console, result, demo ? 20 : int.MaxValue);
        WriteMarket(console, result.Market);
        WriteUsage(console, result);

        foreach (var warning in result.Warnings)
        {
            console.MarkupLineInterpolated($"[yellow]Warning[/] {warning.Code}: {warning.Message}");
        }
    }

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (System.Console.IsOutputRedirected)
        {
            // Files and pipes have no width; 80 columns would wrap every table cell.
            console.Profile.Width = 140;
        }

        return console;
    }

    private static void WritePersonas(IAnsiConsole console, LeadSearchResult result)
    {
        console.Write(new Rule("Business personas").LeftJustified());
        foreach (var p in result.BusinessPersonas)
        {
            console.MarkupLineInterpolated($"[bold]{p.Rank}. {p.Title}[/] - {p.Demographics.CompanySize}, {p.Demographics.Geography}");
            console.MarkupLineInterpolated($"   Search phrases: {string.Join("; ", p.SearchPhrases)}");
            console.MarkupLineInterpolated($"   Estimates (LLM-written): ~{p.MarketPotential.EstimatedCompanies:N0} companies, avg deal ~${p.MarketPotential.EstimatedAverageDealSizeUsd:N0}");
        }

        console.WriteLine();
        console.Write(new Rule("Decision-maker personas").LeftJustified());
        foreach (var p in result.DecisionMakerPersonas)
        {
            console.MarkupLineInterpolated($"[bold]{p.Rank}. {p.Title}[/] - {p.Demographics.Department}, {p.Demographics.Level}");
            console.MarkupLineInterpolated($"   Job titles: {string.Join("; ", p.JobTitles)}");
        }

        console.WriteLine();
    }

    private static void WriteBusinesses(IAnsiConsole console, LeadSearchResult result, int max)
    {
        var personas = result.BusinessPersonas.ToDictionary(p => p.Id, p => p.Title);
        var table = new Table().Title($"Businesses ({result.Businesses.Count})").Border(TableBorder.Rounded);
        foreach (var column in new[] { "Name", "Country", "Persona (cosine)", "Phone", "Website", "Found by" })
        {
            table.AddColumn(column);
        }

        foreach (var b in result.Businesses.Take(max))
        {
            table.AddRow(
                Markup.Escape(b.Name),
                b.Country,
                Markup.Escape(b.PersonaMatch is { } m ? $"{Short(personas.GetValueOrDefault(m.PersonaId))} ({m.Score:0.00})" : "-"),
                Markup.Escape(b.Phone ?? "-"),
                Markup.Escape(b.Domain ?? b.Website ?? "-"),
                Markup.Escape($"{b.Provenance.Provider}: {b.Provenance.Query}"));
        }

        console.Write(table);
        if (result.Businesses.Count > max)
        {
            console.MarkupLineInterpolated($"... and {result.Businesses.Count - max} more (see the CSV/JSON export).");
        }

        console.WriteLine();
    }

    private static void WriteDecisionMakers(IAnsiConsole console, LeadSearchResult result, int max)
    {
        var personas = result.DecisionMakerPersonas.ToDictionary(p => p.Id, p => p.Title);
        var table = new Table().Title($"Decision makers ({result.DecisionMakers.Count})").Border(TableBorder.Rounded);
        foreach (var column in new[] { "Name", "Title", "Company", "Persona (cosine, method)", "LinkedIn" })
        {
            table.AddColumn(column);
        }

        foreach (var d in result.DecisionMakers.Take(max))
        {
            table.AddRow(
                Markup.Escape(d.Name),
                Markup.Escape(d.Title),
                Markup.Escape(d.Company),
                Markup.Escape(d.PersonaMatch is { } m ? $"{Short(personas.GetValueOrDefault(m.PersonaId))} ({m.Score:0.00}, {m.Method})" : "-"),
                Markup.Escape(d.LinkedInUrl));
        }

        console.Write(table);
        if (result.DecisionMakers.Count > max)
        {
            console.MarkupLineInterpolated($"... and {result.DecisionMakers.Count - max} more (see the CSV/JSON export).");
        }

        console.WriteLine();
    }

    private static void WriteMarket(IAnsiConsole console, MarketReport? market)
    {
        console.Write(new Rule("Market").LeftJustified());
        if (market is null)
        {
            console.MarkupLine("No market report.");
            return;
        }

        console.MarkupLineInterpolated($"[bold]{market.Evidence}[/]: {market.Summary}");
        foreach (var (label, size) in new[] { ("TAM", market.Tam), ("SAM", market.Sam), ("SOM", market.Som) })
        {
            console.MarkupLineInterpolated($"  {label}: {(size is null ? "not supported by the sources" : $"{size.Display} - {size.Method}")}");
        }

        foreach (var c in market.Competitors)
        {
            console.MarkupLineInterpolated($"  Competitor: {c.Name} ({c.Metric})");
        }

        foreach (var t in market.Trends)
        {
            console.MarkupLineInterpolated($"  Trend ({t.Confidence}, {t.HorizonYears}y): {t.Statement}");
        }

        if (market.Sources.Count > 0)
        {
            console.MarkupLine("  Sources:");
            foreach (var s in market.Sources)
            {
                console.MarkupLineInterpolated($"    - {s.Title}: {s.Url}");
            }
        }

        console.WriteLine();
    }

    private static void WriteUsage(IAnsiConsole console, LeadSearchResult result)
    {
        var table = new Table().Title("Usage (estimated cost)").Border(TableBorder.Simple);
        foreach (var column in new[] { "Provider", "Operation", "Calls", "Items", "Tokens in/out", "Cache hits", "Cost USD" })
        {
            table.AddColumn(column);
        }

        foreach (var u in result.Usage)
        {
            table.AddRow(u.Provider, u.Operation, u.Calls.ToString(CultureInfo.InvariantCulture), u.Items.ToString(CultureInfo.InvariantCulture),
                $"{u.InputTokens:N0}/{u.OutputTokens:N0}", u.CacheHits.ToString(CultureInfo.InvariantCulture), u.CostUsd.ToString("0.0000", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    private static string Short(string? title) => title is null ? "?" : title.Length <= 40 ? title : title[..39] + "…";
}
