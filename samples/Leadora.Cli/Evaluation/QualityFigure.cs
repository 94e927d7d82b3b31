namespace Leadora.Cli.Evaluation;

/// <summary>One measured quality figure of <c>leadora eval</c>, printed beside its target.</summary>
/// <param name="Name">Stable figure name, e.g. <c>dm.name_exact</c>.</param>
/// <param name="Value">The measured value.</param>
/// <param name="Target">The value the figure must reach.</param>
/// <param name="Direction"><c>"&gt;="</c> when higher is better, <c>"&lt;="</c> when lower is better.</param>
/// <param name="Items">How many labelled items the figure was measured on.</param>
internal sealed record QualityFigure(string Name, double Value, double Target, string Direction, int Items)
{
    /// <summary>Whether the value meets its target in the figure's direction.</summary>
    public bool Met => Direction == "<=" ? Value <= Target : Value >= Target;
}
