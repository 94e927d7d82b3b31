namespace Leadora.Jobs;

/// <summary>The retry delay after a failed attempt: exponential from <see cref="JobQueueOptions.RetryBaseDelay"/>, capped, with ±25 % jitter.</summary>
public static class JobBackoff
{
    /// <summary>Delay before retrying after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    /// <param name="options">Queue options.</param>
    /// <param name="attempt">The attempt that failed.</param>
    /// <param name="jitter">A value in [0, 1) that picks the point within the jitter band.</param>
    public static TimeSpan Compute(JobQueueOptions options, int attempt, double jitter)
    {
        ArgumentNullException.ThrowIfNull(options);
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var raw = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, options.RetryMaxDelay.TotalMilliseconds);
        var factor = 0.75 + (Math.Clamp(jitter, 0, 1) * 0.5);
        return TimeSpan.FromMilliseconds(capped * factor);
    }
}
