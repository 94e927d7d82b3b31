internal sealed record EvalContext(string DataRoot, string? SharedEvalRoot, Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory);
