namespace Leadora.Testing;

/// <summary>
/// Third-party evaluation data (record-linkage benchmarks, captured provider responses) kept beside the repository in
/// <c>../shared/eval</c> and never copied into it. Set <c>LEADORA_EVAL_DIR</c> to use another folder.
/// </summary>
public static class EvalData
{
    /// <summary>The evaluation folder, or <see langword="null"/> when it is not on this machine.</summary>
    public static string? Root { get; } = Locate();

    /// <summary>Whether the evaluation data is present.</summary>
    public static bool Available => Root is not null;

    /// <summary>The full path of a file in the evaluation folder.</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine(Root ?? throw new InvalidOperationException("The evaluation data is not available."), relativePath);

    private static string? Locate()
    {
        if (Environment.GetEnvironmentVariable("LEADORA_EVAL_DIR") is { Length: > 0 } configured)
        {
            return Directory.Exists(configured) ? configured : null;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Leadora.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "eval"));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs <see cref="EvalData"/>; skipped, saying why, when the data is not on this machine.</summary>
public sealed class EvalFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute.</summary>
    public EvalFactAttribute()
    {
        if (!EvalData.Available)
        {
            Skip = "The evaluation data (../shared/eval beside the repository, or LEADORA_EVAL_DIR) is not on this machine.";
        }
    }
}
