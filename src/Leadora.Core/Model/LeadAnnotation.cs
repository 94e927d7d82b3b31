namespace Leadora;

/// <summary>Where a sales user is with a lead (a business or a decision maker).</summary>
public enum LeadStatus
{
    /// <summary>Not worked yet (every lead starts here).</summary>
    New,

    /// <summary>Someone reached out.</summary>
    Contacted,

    /// <summary>Worth pursuing.</summary>
    Qualified,

    /// <summary>Not a lead after all.</summary>
    Rejected,
}

/// <summary>A user's status and note on one lead of a search, stored per tenant with the search.</summary>
/// <param name="LeadId">The business or decision-maker id.</param>
/// <param name="Status">The status.</param>
/// <param name="Note">A short free-text note (at most <see cref="MaxNoteLength"/> characters), or <see langword="null"/>.</param>
/// <param name="UpdatedAt">When the status or note was last set.</param>
public sealed record LeadAnnotation(Guid LeadId, LeadStatus Status, string? Note, DateTimeOffset UpdatedAt)
{
    /// <summary>Longest note, in characters (UTF-16 code units).</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>Throws when the annotation cannot be stored: an undefined status or a note over <see cref="MaxNoteLength"/>.</summary>
    /// <exception cref="ArgumentException">The status or the note is invalid; the message says which.</exception>
    public void Validate()
    {
        if (!Enum.IsDefined(Status))
        {
            throw new ArgumentException($"Lead status {(int)Status} is not defined.", nameof(Status));
        }

        if (Note is { Length: > MaxNoteLength })
        {
            throw new ArgumentException($"A lead note has at most {MaxNoteLength} characters; this one has {Note.Length}.", nameof(Note));
        }
    }
}
