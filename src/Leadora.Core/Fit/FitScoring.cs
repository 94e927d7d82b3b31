namespace Leadora.Fit;

/// <summary>
/// Turns the category rules' assessment into a business's fit: certain assessments stand (method
/// <see cref="FitMethod.Category"/>); for the rest the cosine similarity between the business and its best persona decides
/// (method <see cref="FitMethod.Embedding"/>), unless the light LLM judged it (method <see cref="FitMethod.Llm"/>).
/// </summary>
public static class FitScoring
{
    /// <summary>The fit of a business from its rule assessment and, for the uncertain band, its best persona similarity.</summary>
    /// <param name="assessment">What <see cref="FitRules.Assess"/> concluded.</param>
    /// <param name="similarity">Cosine similarity to the best business persona, when mapped.</param>
    /// <param name="options">Threshold and similarity pivot.</param>
    public static BusinessFit Decide(FitAssessment assessment, double? similarity, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(options);
        if (assessment.Certain || similarity is null)
        {
            return new BusinessFit(assessment.Score, assessment.Reason, FitMethod.Category, assessment.Score < options.Threshold);
        }

        var score = FitRules.FromSimilarity(similarity.Value, options.SimilarityPivot);
        return new BusinessFit(score, $"{assessment.Reason}; similarity {FitRules.Format(similarity.Value)} to the best persona", FitMethod.Embedding, score < options.Threshold);
    }

    /// <summary>The fit the light LLM judged for a business the rules were unsure of.</summary>
    public static BusinessFit FromLlm(bool fits, string reason, FitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var score = fits ? 0.8 : 0.2;
        return new BusinessFit(score, string.IsNullOrWhiteSpace(reason) ? (fits ? "the LLM judged it a fit" : "the LLM judged it no fit") : reason.Trim(), FitMethod.Llm, score < options.Threshold);
    }

    /// <summary>Whether a fit is in the uncertain band, where the light LLM is asked.</summary>
    public static bool IsUncertain(BusinessFit fit) => fit?.Method == FitMethod.Embedding;
}
