namespace Leadora.Cli;

/// <summary>Process exit codes of the <c>leadora</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>The search completed (possibly with warnings).</summary>
    public const int Success = 0;

    /// <summary>The search failed, or something went wrong while running it.</summary>
    public const int Failed = 1;

    /// <summary>Bad input or configuration: nothing was started.</summary>
    public const int BadInput = 2;

    /// <summary>Cancelled with Ctrl+C.</summary>
    public const int Cancelled = 130;
}
