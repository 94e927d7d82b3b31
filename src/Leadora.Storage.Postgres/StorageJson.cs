using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leadora.Storage.Postgres;

/// <summary>How documents (personas, provenance, persona matches, market reports) are stored in <c>jsonb</c> columns.</summary>
internal static class StorageJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"A stored {typeof(T).Name} document is empty.");
}

/// <summary>Small helpers shared by the adapters.</summary>
internal static class Db
{
    /// <summary>A UTC timestamp at PostgreSQL's microsecond resolution, so values compare equal after a round trip.</summary>
    public static DateTimeOffset Utc(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    public static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static string Status(SearchStatus status) => status switch
    {
        SearchStatus.Pending => "pending",
        SearchStatus.Running => "running",
        SearchStatus.Completed => "completed",
        SearchStatus.CompletedWithWarnings => "completed_with_warnings",
        SearchStatus.Failed => "failed",
        SearchStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SearchStatus Status(string status) => status switch
    {
        "pending" => SearchStatus.Pending,
        "running" => SearchStatus.Running,
        "completed" => SearchStatus.Completed,
        "completed_with_warnings" => SearchStatus.CompletedWithWarnings,
        "failed" => SearchStatus.Failed,
        "cancelled" => SearchStatus.Cancelled,
        _ => throw new InvalidOperationException($"Unknown stored search status '{status}'."),
    };

    public static string Status(Leadora.LeadStatus status) => status switch
    {
        Leadora.LeadStatus.New => "new",
        Leadora.LeadStatus.Contacted => "contacted",
        Leadora.LeadStatus.Qualified => "qualified",
        Leadora.LeadStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static Leadora.LeadStatus LeadStatus(string status) => status switch
    {
        "new" => Leadora.LeadStatus.New,
        "contacted" => Leadora.LeadStatus.Contacted,
        "qualified" => Leadora.LeadStatus.Qualified,
        "rejected" => Leadora.LeadStatus.Rejected,
        _ => throw new InvalidOperationException($"Unknown stored lead status '{status}'."),
    };
}
