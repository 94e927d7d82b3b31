namespace Leadora.Pipeline;

/// <summary>The text each entity is embedded from. Personas and the entities mapped to them share vocabulary on purpose.</summary>
internal static class EntityText
{
    public static string Of(BusinessPersona p) => Join(
        p.Title, p.Description, p.Demographics.Industry, p.Demographics.CompanySize,
        string.Join(", ", p.SearchPhrases), string.Join(", ", p.PlaceCategories));

    public static string Of(DecisionMakerPersona p) => Join(
        p.Title, string.Join(", ", p.JobTitles), p.Demographics.Department, p.Demographics.Level,
        string.Join(", ", p.Characteristics.Responsibilities));

    public static string Of(Business b) => Join(b.Name, b.Category, b.Address);

    public static string Of(DecisionMaker d) => Join(d.Title, "at " + d.Company);

    private static string Join(params string?[] parts) => string.Join(". ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
