using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leadora.Llm;
using Leadora.Pipeline;
using Leadora.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Leadora.DecisionMakers;

/// <summary>
/// A profile/business pair the rules (<see cref="CompanyIdentity"/>) answered <see cref="IdentityDecision.Uncertain"/> for,
/// with what the search result shows, as the light LLM is asked about it. Equal pairs are asked once.
/// </summary>
internal sealed record IdentityQuestion(
    string ProfileCompany,
    bool CompanyTruncated,
    string? ProfileLocation,
    string? ProfileHeadline,
    string? ProfileSnippet,
    string BusinessName,
    string? BusinessAddress,
    string? BusinessWebsite);

/// <summary>
/// Asks the light LLM tier about the profiles the identity rules cannot decide: in batches of
/// <see cref="IdentityOptions.LlmBatchSize"/> pairs per call, with a strict schema of one required verdict per pair. The light
/// client carries the response cache, schema validation (one repair, then rejection) and usage accounting of every LLM call.
/// Only a well-formed verdict <c>same: true</c> confirms a pair; a pair the model did not answer, answered malformed, or could
/// not be asked about (switched off, LLM failure, budget used up) is not confirmed, and a failure is a warning on the search.
/// </summary>
internal sealed partial class CompanyIdentityJudge(
    [FromKeyedServices(ModelTier.Light)] IChatClient lightLlm,
    SearchWarnings warnings,
    IOptions<LeadoraOptions> options,
    ILogger<CompanyIdentityJudge> logger)
{
    private static readonly JsonObject VerdictSchema = new()
    {
        ["type"] = "object",
        ["additionalProperties"] = false,
        ["required"] = new JsonArray("reason", "same"),
        ["properties"] = new JsonObject
        {
            ["reason"] = new JsonObject { ["type"] = "string" },
            ["same"] = new JsonObject { ["type"] = "boolean" },
        },
    };

    private readonly IdentityOptions _options = options.Value.Pipeline.Identity;

    /// <summary>The pairs of <paramref name="questions"/> the light LLM confirmed as the same company.</summary>
    public async Task<IReadOnlySet<IdentityQuestion>> ConfirmAsync(IReadOnlyList<IdentityQuestion> questions, CancellationToken cancellationToken)
    {
        var confirmed = new HashSet<IdentityQuestion>();
        if (!_options.UseLlm)
        {
            return confirmed;
        }

        // In content order, so the same pairs make the same batches (and prompts, and cache hits) whatever order they came in.
        var distinct = questions.Distinct().OrderBy(SortKey, StringComparer.Ordinal).ToList();
        foreach (var batch in distinct.Chunk(Math.Max(1, _options.LlmBatchSize)))
        {
            var verdicts = await JudgeAsync(batch, cancellationToken).ConfigureAwait(false);
            confirmed.UnionWith(batch.Where((_, i) => verdicts[i] == true));
        }

        return confirmed;
    }

    private async Task<bool?[]> JudgeAsync(IdentityQuestion[] batch, CancellationToken cancellationToken)
    {
        // Ids are positions in the batch, so the same pairs give the same prompt (and a cache hit) in every search.
        var ids = batch.Select((_, i) => "p" + (i + 1).ToString(CultureInfo.InvariantCulture)).ToList();
        var (system, user) = Prompts.CompanyIdentity(batch, ids);
        try
        {
            var reply = await lightLlm.GenerateAsync<Dictionary<string, JsonElement>>(
                Prompts.CompanyIdentitySchema, system, user, Schema(ids), cancellationToken).ConfigureAwait(false);
            var verdicts = ids.Select(id => reply.TryGetValue(id, out var item) ? Verdict(item) : null).ToArray();
            var unusable = verdicts.Count(v => v is null);
            if (unusable > 0)
            {
                // Never guessed: a missing or malformed verdict leaves its pair unconfirmed.
                LogUnusableVerdicts(logger, unusable, ids.Count);
                await WarnAsync().ConfigureAwait(false);
            }

            return verdicts;
        }
        catch (Exception ex) when (FallbackPolicy.CanDegrade(ex, cancellationToken))
        {
            LogJudgeFailed(logger, ex.GetType().Name, batch.Length);
            await WarnAsync().ConfigureAwait(false);
            return new bool?[batch.Length];
        }
    }

    private static string SortKey(IdentityQuestion q) =>
        string.Join('\u001f', q.BusinessName, q.BusinessAddress, q.ProfileCompany, q.ProfileHeadline, q.ProfileLocation, q.ProfileSnippet, q.BusinessWebsite, q.CompanyTruncated ? "1" : "0");

    private static bool? Verdict(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty("same", out var same) && same.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? same.GetBoolean()
            : null;

    private Task WarnAsync() => warnings.AddAsync(WarningCodes.IdentityJudgeUnavailable,
        "The light LLM could not check some decision makers whose company the rules could not confirm (cut short by the search engine, or a branch city); they were not kept.",
        "identity", CancellationToken.None);

    /// <summary>A strict schema with one required verdict (<c>reason</c>, <c>same</c>) per pair id.</summary>
    internal static JsonElement Schema(IReadOnlyList<string> ids) => StructuredOutput.Keyed(ids, VerdictSchema);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Company identity judgement failed ({ErrorType}); {Count} profiles the rules could not decide were not kept")]
    private static partial void LogJudgeFailed(ILogger logger, string errorType, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The company identity judgement left {Count} of {Total} pairs without a usable verdict; they were not kept")]
    private static partial void LogUnusableVerdicts(ILogger logger, int count, int total);
}
