namespace Leadora;

/// <summary>Where a found entity came from: the provider, the query that returned it and, when known, the page.</summary>
/// <param name="Provider">Provider name, for example <c>serper</c> or <c>google_places</c>.</param>
/// <param name="Operation">Provider operation, for example <c>places</c> or <c>search</c>.</param>
/// <param name="Query">The query text sent to the provider.</param>
/// <param name="Country">ISO 3166 alpha-2 code the query was restricted to.</param>
/// <param name="Page">1-based result page, when the provider pages.</param>
/// <param name="Url">The result URL, when the provider returned one.</param>
public sealed record Provenance(string Provider, string Operation, string Query, string Country, int? Page = null, string? Url = null);

/// <summary>How a persona match was decided.</summary>
public enum MatchMethod
{
    /// <summary>Best cosine similarity between provider embeddings.</summary>
    Vector,

    /// <summary>The top two vector matches were within ε; the light LLM tier chose between them.</summary>
    LlmRefined,

    /// <summary>Embeddings were unavailable; cosine similarity over local hashing embeddings of both texts.</summary>
    Heuristic,
}

/// <summary>A mapping of a business or decision maker to a persona.</summary>
/// <param name="PersonaId">The persona chosen.</param>
/// <param name="Score">Cosine similarity in [-1, 1] between the entity and the chosen persona.</param>
/// <param name="Method">How the choice was made.</param>
/// <param name="RunnerUpPersonaId">The second-best persona, when one was considered.</param>
/// <param name="RunnerUpScore">Cosine similarity of the runner-up.</param>
public sealed record PersonaMatch(Guid PersonaId, double Score, MatchMethod Method, Guid? RunnerUpPersonaId = null, double? RunnerUpScore = null);
