using Leadora.Ports;
using Microsoft.Extensions.Logging;

namespace Leadora.Providers;

/// <summary>Log messages shared by the adapters. None of them carries a key or a request body.</summary>
internal static partial class ProviderLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "{Provider} {Operation} failed: {Kind} (HTTP {StatusCode}, retry after {RetryAfter}): {Detail}")]
    public static partial void CallFailed(ILogger logger, string provider, string operation, ProviderErrorKind kind, int? statusCode, TimeSpan? retryAfter, string detail);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Provider} {Operation} returned {Count} results for country {Country}, page {Page}")]
    public static partial void SearchCompleted(ILogger logger, string provider, string operation, int count, string country, int page);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "{Provider} {Operation} skipped {Count} result rows without a title or link")]
    public static partial void RowsSkipped(ILogger logger, string provider, string operation, int count);

    /// <summary>Logs a failure that is about to be thrown.</summary>
    public static ProviderException Failed(ILogger logger, ProviderException exception)
    {
        CallFailed(logger, exception.Provider, exception.Operation, exception.Kind, exception.StatusCode, exception.RetryAfter, exception.Message);
        return exception;
    }
}
