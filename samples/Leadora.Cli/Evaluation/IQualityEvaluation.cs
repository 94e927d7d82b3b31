namespace Leadora.Cli.Evaluation;

/// <summary>One quality evaluation of leadora eval.</summary>
internal interface IQualityEvaluation { string Name { get; } Task<IReadOnlyList<QualityFigure>> RunAsync(EvalContext context, CancellationToken ct); }
