internal interface IQualityEvaluation { string Name { get; } Task<IReadOnlyList<QualityFigure>> RunAsync(EvalContext context, CancellationToken ct); }
