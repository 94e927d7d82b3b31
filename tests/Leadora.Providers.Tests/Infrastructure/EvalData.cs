namespace Leadora.Providers.Tests.Infrastructure;

/// <summary>
/// Real provider responses captured elsewhere, read at test time from the shared evaluation folder and never copied
/// into the repository. Tests that use them are <see cref="EvalFactAttribute"/>s and skip when the folder is absent.
/// </summary>
public static class EvalData
{
    /// <summary><c>&lt;repository&gt;/../shared/eval/api</c>: the folder beside the repository root (the one with Leadora.sln).</summary>
    public static readonly string Root = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "eval", "api"));

    public static bool Available => Directory.Exists(Root);

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Leadora.sln")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}

/// <summary>A fact that needs <see cref="EvalData"/>; skipped when the captures are not on this machine.</summary>
public sealed class EvalFactAttribute : FactAttribute
{
    public EvalFactAttribute()
    {
        if (!EvalData.Available)
        {
            Skip = $"Captured provider responses are not available ({EvalData.Root} is absent).";
        }
    }
}

/// <summary>A theory that needs <see cref="EvalData"/>; skipped when the captures are not on this machine.</summary>
public sealed class EvalTheoryAttribute : TheoryAttribute
{
    public EvalTheoryAttribute()
    {
        if (!EvalData.Available)
        {
            Skip = $"Captured provider responses are not available ({EvalData.Root} is absent).";
        }
    }
}
