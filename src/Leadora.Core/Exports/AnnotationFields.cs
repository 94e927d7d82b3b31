namespace Leadora.Exports;

/// <summary>The user's lead status and note as export cells (every export writes them the same way).</summary>
internal sealed class AnnotationFields(LeadSearchResult result)
{
    private readonly Dictionary<Guid, LeadAnnotation> _byLead = result.Annotations.ToDictionary(a => a.LeadId);

    /// <summary>The lead's status as the JSON API names it (<c>new</c> when never set).</summary>
    public string Status(Guid leadId) => Name(_byLead.TryGetValue(leadId, out var annotation) ? annotation.Status : LeadStatus.New);

    /// <summary>The lead's note, or <see langword="null"/>.</summary>
    public string? Note(Guid leadId) => _byLead.GetValueOrDefault(leadId)?.Note;

    /// <summary>Status and note as one text (for a CRM's free-text description), or <see langword="null"/> when the lead was never annotated.</summary>
    public string? Description(Guid leadId) =>
        _byLead.TryGetValue(leadId, out var annotation)
            ? annotation.Note is { } note ? $"Leadora status: {Name(annotation.Status)}. {note}" : $"Leadora status: {Name(annotation.Status)}."
            : null;

    private static string Name(LeadStatus status) => status.ToString().ToLowerInvariant();
}
