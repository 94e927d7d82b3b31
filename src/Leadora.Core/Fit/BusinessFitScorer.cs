using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Llm;
using Leadora.Pipeline;
using Leadora.Pipeline.Stages;
using Leadora.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.Fit;

/// <summary>
/// Scores the fit of discovered businesses: the category rules first (<see cref="FitRules"/>), the persona similarity for
/// the uncertain band (<see cref="FitScoring"/>), and, when enabled, the light LLM tier for that band — in batches, with a
/// strict schema with one required property per business of the batch. The light client carries the response cache, schema
/// validation and usage accounting of every LLM call. If the LLM fails, the similarity score stands and a warning says so.
/// </summary>
internal sealed partial class BusinessFitScorer(
    [FromKeyedServices(ModelTier.Light)] IChatClient lightLlm,
    SearchWarnings warnings,
    IOptions<LeadoraOptions> options,
    ILogger<BusinessFitScorer> logger)
{
    public const string SchemaName = "business_fit";

    private readonly FitOptions _options = options.Value.Pipeline.Fit;

    /// <summary>The fit of each business (in order), against the place categories of all the search's personas.</summary>
    public async Task<IReadOnlyList<BusinessFit>> ScoreAsync(LeadSearch search, IReadOnlyList<BusinessPersona> personas, IReadOnlyList<Business> businesses, CancellationToken cancellationToken)
    {
        var wanted = personas.SelectMany(p => p.PlaceCategories).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var fits = businesses
            .Select(b => FitScoring.Decide(FitRules.Assess(b.Name, b.Category, b.Types, wanted), b.PersonaMatch?.Score, _options))
            .ToArray();
        if (!_options.UseLlm)
        {
            return fits;
        }

        // The batches are independent: ask them all at once and let the light tier's limits pace them.
        var batches = Enumerable.Range(0, fits.Length).Where(i => FitScoring.IsUncertain(fits[i])).Chunk(Math.Max(1, _options.LlmBatchSize)).ToList();
        var judgements = await StageSupport.ForEachAsync(batches, batches.Count, (batch, ct) =>
            JudgeAsync(search, personas, batch.Select(i => businesses[i]).ToList(), ct), cancellationToken).ConfigureAwait(false);
        for (var b = 0; b < batches.Count; b++)
        {
            for (var j = 0; j < batches[b].Length; j++)
            {
                if (judgements[b]?[j] is { } verdict)
                {
                    fits[batches[b][j]] = FitScoring.FromLlm(verdict.Fits, verdict.Reason, _options);
                }
            }
        }

        return fits;
    }

    private async Task<FitVerdict?[]?> JudgeAsync(LeadSearch search, IReadOnlyList<BusinessPersona> personas, IReadOnlyList<Business> batch, CancellationToken cancellationToken)
    {
        // Ids are positions in the batch, so the same businesses give the same prompt (and a cache hit) in every search.
        var ids = batch.Select((_, i) => "b" + (i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
        var schema = Schema(ids);
        var (system, user) = Prompt(search, personas, batch, ids);
        try
        {
            var reply = await lightLlm.GenerateAsync<Dictionary<string, FitVerdict>>(SchemaName, system, user, schema, cancellationToken).ConfigureAwait(false);
            if (ids.Any(id => !reply.ContainsKey(id)))
            {
                throw new StructuredOutputException(SchemaName, ["the reply did not judge every business"]);
            }

            return ids.Select(id => (FitVerdict?)reply[id]).ToArray();
        }
        catch (Exception ex) when (FallbackPolicy.CanDegrade(ex, cancellationToken))
        {
            LogFitJudgeFailed(logger, ex.GetType().Name);
            await warnings.AddAsync(WarningCodes.FitJudgeUnavailable,
                "The light LLM could not judge the fit of some businesses the rules were unsure of; their similarity score was kept.",
                "fit", CancellationToken.None).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>A strict schema with one required property per business id, so every business is judged exactly once.</summary>
    internal static JsonElement Schema(IReadOnlyList<string> ids) => StructuredOutput.Keyed(ids, new JsonObject
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("fits", "reason"),
        ["properties"] = new JsonObject
        {
            ["fits"] = new JsonObject { ["type"] = "boolean" },
            ["reason"] = new JsonObject { ["type"] = "string" },
        },
    });

    internal static (string System, string User) Prompt(LeadSearch search, IReadOnlyList<BusinessPersona> personas, IReadOnlyList<Business> batch, IReadOnlyList<string> ids)
    {
        var system = "You decide whether each business is a plausible " + (search.SearchType == SearchType.Supplier ? "supplier" : "customer")
            + " for what the user sells. Judge only from the facts given; answer fits=false for places that are not businesses of the wanted kind. Give a reason of at most 12 words.";
        var builder = new StringBuilder();
        builder.Append("The user sells: ").Append(search.ProductService).Append('\n');
        builder.Append("Target industries: ").Append(string.Join(", ", search.Industries)).Append('\n');
        builder.Append("Wanted businesses:\n");
        foreach (var persona in personas)
        {
            builder.Append("- ").Append(persona.Title);
            if (persona.PlaceCategories.Count > 0)
            {
                builder.Append(" (").Append(string.Join(", ", persona.PlaceCategories)).Append(')');
            }

            builder.Append('\n');
        }

        builder.Append("Businesses:\n");
        for (var i = 0; i < batch.Count; i++)
        {
            var b = batch[i];
            builder.Append("- ").Append(ids[i]).Append(": ").Append(b.Name);
            var kinds = (b.Category is null ? b.Types : b.Types.Prepend(b.Category)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (kinds.Count > 0)
            {
                builder.Append(" [").Append(string.Join(", ", kinds)).Append(']');
            }

            if (b.Address is { Length: > 0 } address)
            {
                builder.Append(" — ").Append(address);
            }

            builder.Append('\n');
        }

        return (system, builder.ToString());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Business fit judgement failed ({ErrorType}); keeping the similarity score")]
    private static partial void LogFitJudgeFailed(ILogger logger, string errorType);
}

/// <summary>The light LLM's judgement of one business.</summary>
internal sealed class FitVerdict
{
    public bool Fits { get; init; }

    public string Reason { get; init; } = "";
}
