using System.Globalization;
using System.Text;
using System.Text.Json;
using Leadora.Jobs;
using Leadora.Ports;
using Leadora.Providers.Tests.Infrastructure;
using Leadora.Resilience;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Leadora.Providers.Tests.Replay;

/// <summary>A field the captured response carries and our model has, and whether the adapter kept it.</summary>
public sealed record FieldCheck(string Path, string Field, string Expected, string? Actual)
{
    public bool Kept => Expected == Actual;

    public override string ToString() => $"{Path}.{Field}: expected {Expected}, got {Actual ?? "(nothing)"}";
}

/// <summary>What the production adapter made of one capture.</summary>
public sealed class ReplayReport(Capture capture)
{
    public Capture Capture { get; } = capture;

    public List<FieldCheck> Fields { get; } = [];

    public List<string> Problems { get; } = [];

    /// <summary>For failures: the retry, fall-through and job decisions the exception leads to.</summary>
    public string? Decision { get; set; }

    public int Requests { get; set; }

    public bool AllFieldsKept => Fields.All(f => f.Kept);

    public bool Passed => Problems.Count == 0 && AllFieldsKept;

    public string Describe() =>
        $"{Capture.Id}: {(Passed ? "ok" : "FAILED")}, {Fields.Count(f => f.Kept)}/{Fields.Count} fields kept"
        + (Decision is null ? "" : $", {Decision}")
        + string.Concat(Problems.Select(p => "\n  problem: " + p))
        + string.Concat(Fields.Where(f => !f.Kept).Select(f => "\n  lost: " + f));
}

/// <summary>
/// Plays a capture from a loopback Kestrel server to the production adapter (base URL pointed at it) and checks, field by
/// field, what arrived. The expected values are read from the captured JSON by the providers' documented field names;
/// the adapters' own parsing is what is under test.
/// </summary>
public static class ReplayRunner
{
    /// <summary>Longest wait a provider may ask for that the replay still retries (longer waits are not retried, by design).</summary>
    private const int MaxRetryAfterSeconds = 1;

    public static async Task<ReplayReport> RunAsync(Capture capture)
    {
        var report = new ReplayReport(capture);
        await using var server = await ScriptedServer.StartAsync();
        server.Respond(request => Answer(capture, request));
        try
        {
            switch (capture.Provider)
            {
                case "serper":
                    await SerperAsync(capture, server, report);
                    break;
                case "google_places":
                    await PlacesNewAsync(capture, server, report);
                    break;
                case "google_places_legacy":
                    await PlacesLegacyAsync(capture, server, report);
                    break;
                case "google_cse":
                    await CseAsync(capture, server, report);
                    break;
                case "openai" when capture.Endpoint == "embeddings":
                    await EmbeddingsAsync(capture, server, report);
                    break;
                case "openai" or "gemini" or "deepseek":
                    await ChatAsync(capture, server, report);
                    break;
                default:
                    report.Problems.Add($"no replay for provider {capture.Provider}");
                    break;
            }
        }
        catch (Exception exception) when (exception is not ProviderException)
        {
            report.Problems.Add($"the adapter threw {exception.GetType().Name} instead of a ProviderException: {exception.Message}");
        }

        report.Requests = server.Requests.Count;
        return report;
    }

    private static ScriptedResponse Answer(Capture capture, RecordedRequest request) =>
        Serves(capture, request) ? Play(capture) : Play(ReplayCorpus.Companion(capture));

    /// <summary>
    /// Whether the capture (rather than its companion) answers the request: a Place Details capture answers the Details
    /// calls, a capture made with a page token answers the paged request, and a capture without a companion answers all.
    /// </summary>
    private static bool Serves(Capture capture, RecordedRequest request) =>
        capture.Companion is null
        || (PageToken(capture) ? request.Query("pagetoken") is not null : request.Path.EndsWith("/" + capture.Endpoint + "/json", StringComparison.Ordinal));

    private static bool PageToken(Capture capture) => capture.RequestValue("pagetoken") is not null;

    private static ScriptedResponse Play(Capture capture)
    {
        var response = new ScriptedResponse(capture.Status, capture.Body, capture.ContentType);
        foreach (var (name, value) in capture.Headers)
        {
            if (!name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[name] = value;
            }
        }

        return response;
    }

    private static void Retrying(ProviderHttpOptions options, Capture capture)
    {
        if (capture.Outcome != "ok")
        {
            // One retry allowed: a retryable answer is asked twice, anything else once.
            options.MaxRetries = 1;
            options.RetryBaseDelayMs = 10;
            options.MaxRetryAfterSeconds = MaxRetryAfterSeconds;
        }
    }

    private static string CountryOf(Capture capture) => (capture.RequestValue("gl") ?? capture.RequestValue("region") ?? "us").ToUpperInvariant();

    // ---------------------------------------------------------------- outcomes

    /// <summary>Runs the call and checks the expected outcome; returns the result when it succeeded as expected.</summary>
    private static async Task<T?> OutcomeAsync<T>(Capture capture, ReplayReport report, Func<Task<T>> call, Func<int> requests)
        where T : class
    {
        try
        {
            var result = await call();
            if (capture.Outcome == "error")
            {
                report.Problems.Add($"expected a {capture.ExpectedKind} failure, the call succeeded");
                return null;
            }

            return result;
        }
        catch (ProviderException exception)
        {
            if (capture.Outcome != "error")
            {
                report.Problems.Add($"expected {capture.Outcome}, the adapter failed: {exception.Kind}: {exception.Message}");
                return null;
            }

            CheckFailure(capture, report, exception, requests());
            return null;
        }
    }

    private static void CheckFailure(Capture capture, ReplayReport report, ProviderException exception, int requests)
    {
        var retryable = exception.Kind is ProviderErrorKind.RateLimited or ProviderErrorKind.Transient or ProviderErrorKind.Timeout;
        var retried = requests > 1;
        var fallsThrough = FallbackPolicy.CanFallThrough(exception, CancellationToken.None);
        var jobRetries = JobFailures.IsRetryable(exception);
        report.Decision = $"{exception.Kind} (HTTP {exception.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): {(retried ? "retried" : "not retried")}, {(fallsThrough ? "falls through" : "stops the chain")}, job {(jobRetries ? "retries later" : "stops")}";

        if (exception.Kind != capture.ExpectedKind)
        {
            report.Problems.Add($"expected {capture.ExpectedKind}, got {exception.Kind}: {exception.Message}");
        }

        // Failures read from a 2xx body (truncated output, a safety stop) may carry no status; HTTP errors must carry theirs.
        if (exception.StatusCode != capture.Status && !(capture.Status < 300 && exception.StatusCode is null))
        {
            report.Problems.Add($"expected status {capture.Status} on the exception, got {exception.StatusCode}");
        }

        if (capture.ExpectedRetryAfter is { } wait && exception.RetryAfter != wait)
        {
            report.Problems.Add($"expected retry after {wait}, got {exception.RetryAfter?.ToString() ?? "none"}");
        }

        var shouldRetry = retryable && !(exception.RetryAfter > TimeSpan.FromSeconds(MaxRetryAfterSeconds));
        if (retried != shouldRetry)
        {
            report.Problems.Add($"{(retried ? "retried" : "not retried")} ({requests} requests), but a {exception.Kind} answer{(exception.RetryAfter is { } after ? $" asking to wait {after.TotalSeconds:0.###}s" : "")} should {(shouldRetry ? "" : "not ")}be retried");
        }

        if (!fallsThrough)
        {
            report.Problems.Add("a provider failure must let the fallback chain go on");
        }

        var shouldStopJob = exception.Kind is ProviderErrorKind.Unauthorized or ProviderErrorKind.OutOfCredit or ProviderErrorKind.Rejected;
        if (jobRetries == shouldStopJob)
        {
            report.Problems.Add($"the job decision for {exception.Kind} should be {(shouldStopJob ? "stop" : "retry later")}");
        }

        if (string.IsNullOrWhiteSpace(exception.Message) || !exception.Message.Contains(exception.Provider, StringComparison.Ordinal))
        {
            report.Problems.Add($"the error message does not say which provider failed: {exception.Message}");
        }
    }

    // ---------------------------------------------------------------- field checks

    private static void Check(ReplayReport report, string path, string field, JsonElement row, string property, object? actual)
    {
        if (Value(row, property) is { } expected)
        {
            report.Fields.Add(new FieldCheck(path, field, expected, Format(actual)));
        }
    }

    private static void Check(ReplayReport report, string path, string field, string? expected, object? actual)
    {
        if (expected is not null)
        {
            report.Fields.Add(new FieldCheck(path, field, expected, Format(actual)));
        }
    }

    /// <summary>A JSON value as the adapters' model holds it: trimmed text, or the number in invariant form.</summary>
    private static string? Value(JsonElement row, string property)
    {
        var element = row;
        foreach (var step in property.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(step, out element))
            {
                return null;
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => string.IsNullOrWhiteSpace(element.GetString()) ? null : element.GetString()!.Trim(),
            JsonValueKind.Number => element.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    private static string? Format(object? value) => value switch
    {
        null => null,
        string text => text,
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        float number => ((double)number).ToString("R", CultureInfo.InvariantCulture),
        int number => ((double)number).ToString("R", CultureInfo.InvariantCulture),
        long number => ((double)number).ToString("R", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => value.ToString(),
    };

    private static string? First(JsonElement row, params string[] properties) => properties.Select(p => Value(row, p)).FirstOrDefault(v => v is not null);

    private static IEnumerable<JsonElement> Array(JsonElement root, string property) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    // ---------------------------------------------------------------- places

    private static async Task SerperAsync(Capture capture, ScriptedServer server, ReplayReport report)
    {
        await using var harness = Harness.ForSerper(server.BaseAddress, o =>
        {
            o.UseMapsEndpoint = capture.Endpoint == "maps";
            Retrying(o, capture);
        });
        var q = capture.RequestValue("q") ?? "replay";
        if (capture.Endpoint == "search")
        {
            var page = await OutcomeAsync(capture, report, () => harness.Web.SearchAsync(new WebSearchQuery(q, CountryOf(capture))), () => server.Requests.Count);
            if (page is not null)
            {
                CheckWebRows(report, Array(capture.Json, "organic").ToList(), page, "organic", position: true);
            }

            return;
        }

        var places = await OutcomeAsync(capture, report, () => harness.Places.SearchAsync(new PlacesQuery(q, CountryOf(capture))), () => server.Requests.Count);
        if (places is null)
        {
            return;
        }

        var rows = Array(capture.Json, "places").Where(r => Value(r, "title") is not null).ToList();
        ExpectCount(report, "places", rows.Count, places.Places.Count);
        foreach (var (row, index) in rows.Select((r, i) => (r, i)).Take(places.Places.Count))
        {
            var place = places.Places[index];
            var path = $"places[{index}]";
            Check(report, path, "name", row, "title", place.Name);
            Check(report, path, "address", row, "address", place.Address);
            Check(report, path, "phone", First(row, "phoneNumber", "phone"), place.Phone);
            Check(report, path, "website", row, "website", place.Website);
            Check(report, path, "placeId", row, "placeId", place.PlaceId);
            Check(report, path, "cid", row, "cid", place.Cid);
            Check(report, path, "latitude", row, "latitude", place.Latitude);
            Check(report, path, "longitude", row, "longitude", place.Longitude);
            Check(report, path, "rating", row, "rating", place.Rating);
            Check(report, path, "ratingCount", row, "ratingCount", place.RatingCount);
            Check(report, path, "category", First(row, "category", "type"), place.Category);
        }
    }

    private static async Task PlacesNewAsync(Capture capture, ScriptedServer server, ReplayReport report)
    {
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, configure: o => Retrying(o, capture));
        var q = capture.RequestValue("textQuery") ?? "replay";
        var page = await OutcomeAsync(capture, report, () => harness.Places.SearchAsync(new PlacesQuery(q, CountryOf(capture))), () => server.Requests.Count);
        if (page is null)
        {
            return;
        }

        var rows = Array(capture.Json, "places").Where(r => Value(r, "displayName.text") is not null).ToList();
        ExpectCount(report, "places", rows.Count, page.Places.Count);
        Check(report, "page", "hasMore", Value(capture.Json, "nextPageToken") is null ? "false" : "true", page.HasMore);
        foreach (var (row, index) in rows.Select((r, i) => (r, i)).Take(page.Places.Count))
        {
            var place = page.Places[index];
            var path = $"places[{index}]";
            Check(report, path, "name", row, "displayName.text", place.Name);
            Check(report, path, "placeId", row, "id", place.PlaceId);
            Check(report, path, "address", First(row, "formattedAddress", "shortFormattedAddress"), place.Address);
            Check(report, path, "phone", First(row, "internationalPhoneNumber", "nationalPhoneNumber"), place.Phone);
            Check(report, path, "website", row, "websiteUri", place.Website);
            Check(report, path, "latitude", row, "location.latitude", place.Latitude);
            Check(report, path, "longitude", row, "location.longitude", place.Longitude);
            Check(report, path, "rating", row, "rating", place.Rating);
            Check(report, path, "ratingCount", row, "userRatingCount", place.RatingCount);
        }
    }

    private static async Task PlacesLegacyAsync(Capture capture, ScriptedServer server, ReplayReport report)
    {
        var details = capture.Endpoint == "details";
        await using var harness = Harness.ForGooglePlaces(server.BaseAddress, legacy: true, configure: o =>
        {
            o.LegacyDetailsPerPage = details ? 1 : 0;
            Retrying(o, capture);
        });
        var q = capture.RequestValue("query") ?? "replay";
        // A capture made with a page token answers page 2; its companion is the first page that handed out the token.
        var query = new PlacesQuery(q, "US", Page: PageToken(capture) ? 2 : 1);
        var page = await OutcomeAsync(capture, report, () => harness.Places.SearchAsync(query), () => server.Requests.Count(r => Serves(capture, r)));
        if (page is null)
        {
            return;
        }

        var textSearch = details ? ReplayCorpus.Companion(capture).Json : capture.Json;
        var rows = Array(textSearch, "results").Where(r => Value(r, "name") is not null).ToList();
        ExpectCount(report, "results", rows.Count, page.Places.Count);
        if (details)
        {
            // Details fill in the first result (the one the adapter asked about).
            var result = capture.Json.TryGetProperty("result", out var r) ? r : default;
            if (result.ValueKind == JsonValueKind.Object && page.Places.Count > 0)
            {
                var place = page.Places[0];
                Check(report, "result", "phone", First(result, "international_phone_number", "formatted_phone_number"), place.Phone);
                Check(report, "result", "website", result, "website", place.Website);
                Check(report, "result", "city", LegacyCity(result), place.City);
            }

            return;
        }

        Check(report, "page", "hasMore", Value(capture.Json, "next_page_token") is null ? "false" : "true", page.HasMore);
        foreach (var (row, index) in rows.Select((r, i) => (r, i)).Take(page.Places.Count))
        {
            var place = page.Places[index];
            var path = $"results[{index}]";
            Check(report, path, "name", row, "name", place.Name);
            Check(report, path, "placeId", row, "place_id", place.PlaceId);
            Check(report, path, "address", row, "formatted_address", place.Address);
            Check(report, path, "latitude", row, "geometry.location.lat", place.Latitude);
            Check(report, path, "longitude", row, "geometry.location.lng", place.Longitude);
            Check(report, path, "rating", row, "rating", place.Rating);
            Check(report, path, "ratingCount", row, "user_ratings_total", place.RatingCount);
        }
    }

    private static string? LegacyCity(JsonElement result)
    {
        var components = Array(result, "address_components").ToList();
        string? Of(string type) => components.Where(c => Array(c, "types").Any(t => t.GetString() == type)).Select(c => Value(c, "long_name")).FirstOrDefault();
        return Of("locality") ?? Of("postal_town");
    }

    // ---------------------------------------------------------------- web search

    private static async Task CseAsync(Capture capture, ScriptedServer server, ReplayReport report)
    {
        await using var harness = Harness.ForGoogleCse(server.BaseAddress, o => Retrying(o, capture), services: b => b.Services.AddLeadora(b.Configuration));
        var search = await TestSearch.CreateAsync(harness.Services);
        var q = capture.RequestValue("q") ?? "replay";
        WebSearchPage? page;
        using (search.Enter())
        {
            page = await OutcomeAsync(capture, report, () => harness.Web.SearchAsync(new WebSearchQuery(q, CountryOf(capture))), () => server.Requests.Count);
        }

        var warnings = await search.WarningsAsync();
        if (capture.Outcome == "warning")
        {
            if (page is { Results.Count: > 0 })
            {
                report.Problems.Add("an unavailable Custom Search must answer an empty page");
            }

            if (!warnings.Any(w => w.Code == capture.ExpectedWarning))
            {
                report.Problems.Add($"expected a {capture.ExpectedWarning} warning, got [{string.Join(", ", warnings.Select(w => w.Code))}]");
            }

            report.Decision = $"empty page and a {capture.ExpectedWarning} warning, {server.Requests.Count} request(s)";
            if (server.Requests.Count != 1)
            {
                report.Problems.Add("an exhausted quota must not be retried");
            }

            return;
        }

        if (page is not null)
        {
            CheckWebRows(report, Array(capture.Json, "items").ToList(), page, "items", position: false);
        }
    }

    private static void CheckWebRows(ReplayReport report, List<JsonElement> rows, WebSearchPage page, string name, bool position)
    {
        rows = rows.Where(r => Value(r, "title") is not null && Value(r, "link") is not null).ToList();
        ExpectCount(report, name, rows.Count, page.Results.Count);
        foreach (var (row, index) in rows.Select((r, i) => (r, i)).Take(page.Results.Count))
        {
            var result = page.Results[index];
            var path = $"{name}[{index}]";
            Check(report, path, "title", row, "title", result.Title);
            Check(report, path, "url", row, "link", result.Url);
            Check(report, path, "snippet", row, "snippet", result.Snippet);
            Check(report, path, "position", position ? Value(row, "position") : (index + 1).ToString(CultureInfo.InvariantCulture), result.Position);
            if (Value(row, "link") is { } link && link.Contains("linkedin.com/in/", StringComparison.OrdinalIgnoreCase))
            {
                Check(report, path, "profileUrl", link, result.Url);
            }
        }
    }

    private static void ExpectCount(ReplayReport report, string what, int expected, int actual)
    {
        if (expected != actual)
        {
            report.Problems.Add($"{what}: the response has {expected} usable rows, the adapter returned {actual}");
        }
    }

    // ---------------------------------------------------------------- LLMs

    private static async Task ChatAsync(Capture capture, ScriptedServer server, ReplayReport report)
    {
        var model = Value(capture.Json, "model") ?? Value(capture.Json, "modelVersion") ?? "replay-model";
        await using var harness = capture.Provider switch
        {
            "openai" => Harness.ForOpenAI(server.BaseAddress, o => Retrying(o, capture)),
            "gemini" => Harness.ForGemini(server.BaseAddress, o =>
            {
                o.Model = model.StartsWith("models/", StringComparison.Ordinal) ? model["models/".Length..] : model;
                Retrying(o, capture);
            }),
            _ => Harness.ForDeepSeek(server.BaseAddress, o => Retrying(o, capture)),
        };
        var response = await OutcomeAsync(capture, report, () => harness.Chat().GetResponseAsync("Replay the captured answer."), () => server.Requests.Count);
        if (response is null)
        {
            return;
        }

        var json = capture.Json;
        var usage = response.Usage;
        switch (capture.Provider)
        {
            case "openai":
                Check(report, "output", "text", OpenAIText(json), response.Text);
                Check(report, "", "responseId", json, "id", response.ResponseId);
                Check(report, "", "model", json, "model", response.ModelId);
                Check(report, "usage", "inputTokens", json, "usage.input_tokens", usage?.InputTokenCount);
                Check(report, "usage", "outputTokens", json, "usage.output_tokens", usage?.OutputTokenCount);
                Check(report, "usage", "totalTokens", json, "usage.total_tokens", usage?.TotalTokenCount);
                Check(report, "usage", "reasoningTokens", json, "usage.output_tokens_details.reasoning_tokens", usage?.ReasoningTokenCount);
                Check(report, "usage", "cachedInputTokens", json, "usage.input_tokens_details.cached_tokens", usage?.CachedInputTokenCount);
                break;
            case "gemini":
                var candidate = Array(json, "candidates").First();
                var text = string.Concat(Array(candidate.GetProperty("content"), "parts").Where(p => !(p.TryGetProperty("thought", out var t) && t.ValueKind == JsonValueKind.True)).Select(p => p.TryGetProperty("text", out var x) ? x.GetString() : ""));
                Check(report, "candidates[0]", "text", text, response.Text);
                Check(report, "", "responseId", json, "responseId", response.ResponseId);
                Check(report, "", "modelVersion", json, "modelVersion", response.AdditionalProperties?.GetValueOrDefault("modelVersion"));
                Check(report, "usageMetadata", "inputTokens", json, "usageMetadata.promptTokenCount", usage?.InputTokenCount);
                var output = (Number(json, "usageMetadata.candidatesTokenCount") ?? 0) + (Number(json, "usageMetadata.thoughtsTokenCount") ?? 0);
                Check(report, "usageMetadata", "outputTokens (candidates + thoughts)", output.ToString("R", CultureInfo.InvariantCulture), usage?.OutputTokenCount);
                Check(report, "usageMetadata", "reasoningTokens", json, "usageMetadata.thoughtsTokenCount", usage?.ReasoningTokenCount);
                Check(report, "usageMetadata", "cachedInputTokens", json, "usageMetadata.cachedContentTokenCount", usage?.CachedInputTokenCount);
                Check(report, "usageMetadata", "totalTokens", json, "usageMetadata.totalTokenCount", usage?.TotalTokenCount);
                break;
            default:
                var message = Array(json, "choices").First().GetProperty("message");
                Check(report, "choices[0].message", "content", message, "content", response.Text);
                Check(report, "", "responseId", json, "id", response.ResponseId);
                Check(report, "", "model", json, "model", response.ModelId);
                Check(report, "usage", "inputTokens", json, "usage.prompt_tokens", usage?.InputTokenCount);
                Check(report, "usage", "outputTokens", json, "usage.completion_tokens", usage?.OutputTokenCount);
                Check(report, "usage", "totalTokens", json, "usage.total_tokens", usage?.TotalTokenCount);
                Check(report, "usage", "reasoningTokens", json, "usage.completion_tokens_details.reasoning_tokens", usage?.ReasoningTokenCount);
                Check(report, "usage", "cachedInputTokens", First(json, "usage.prompt_tokens_details.cached_tokens", "usage.prompt_cache_hit_tokens"), usage?.CachedInputTokenCount);
                break;
        }

    }

    private static double? Number(JsonElement root, string path) => Value(root, path) is { } text ? double.Parse(text, CultureInfo.InvariantCulture) : null;

    private static string? OpenAIText(JsonElement json)
    {
        var text = new StringBuilder();
        foreach (var item in Array(json, "output").Where(o => Value(o, "type") == "message"))
        {
            foreach (var part in Array(item, "content").Where(c => Value(c, "type") == "output_text"))
            {
                text.Append(part.GetProperty("text").GetString());
            }
        }

        return text.Length == 0 ? null : text.ToString();
    }

    private static async Task EmbeddingsAsync(Capture capture, ScriptedServer server, ReplayReport report)
    {
        var data = Array(capture.Json, "data").ToList();
        var vectors = data.Select(d => Vector(d.GetProperty("embedding"))).ToList();
        await using var harness = Harness.ForOpenAI(server.BaseAddress, o =>
        {
            o.EmbeddingDimensions = vectors.FirstOrDefault()?.Length ?? 1536;
            Retrying(o, capture);
        });
        var inputs = Enumerable.Range(0, Math.Max(1, data.Count)).Select(i => $"replayed input {i}").ToList();
        var embeddings = await OutcomeAsync(capture, report, () => harness.Embeddings.GenerateAsync(inputs), () => server.Requests.Count);
        if (embeddings is null)
        {
            return;
        }

        ExpectCount(report, "data", vectors.Count, embeddings.Count);
        for (var i = 0; i < Math.Min(vectors.Count, embeddings.Count); i++)
        {
            var expected = vectors[i];
            var actual = embeddings[i].Vector.ToArray();
            Check(report, $"data[{i}]", "dimensions", expected.Length.ToString(CultureInfo.InvariantCulture), actual.Length);
            Check(report, $"data[{i}]", "vector", Hash(expected), Hash(actual));
        }

        Check(report, "usage", "inputTokens", capture.Json, "usage.prompt_tokens", embeddings.Usage?.InputTokenCount);
    }

    /// <summary>An embedding as float32 values, from a JSON number array or base64 little-endian float32.</summary>
    internal static float[] Vector(JsonElement embedding) => embedding.ValueKind == JsonValueKind.String
        ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Convert.FromBase64String(embedding.GetString()!)).ToArray()
        : embedding.EnumerateArray().Select(v => v.GetSingle()).ToArray();

    private static string Hash(float[] vector) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(vector.AsSpan())))[..16];
}
