namespace Leadora.Cli.Evaluation;

/// <summary>Where the evaluation data lives.</summary>
internal sealed record EvalContext(string DataRoot, string? SharedEvalRoot, Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory);
