namespace Leadora;

/// <summary>
/// LLM tiers. Each tier is an <see cref="Microsoft.Extensions.AI.IChatClient"/> registered as a keyed service
/// under its <see cref="ModelTier"/> value.
/// </summary>
public enum ModelTier
{
    /// <summary>Best model: personas and market research (default gpt-5).</summary>
    Primary,

    /// <summary>Cheaper model: decisions such as persona tie-breaks (default gpt-5-mini).</summary>
    Light,

    /// <summary>Cheapest model: short classification tasks (default gpt-5-nano).</summary>
    UltraLight,
}
