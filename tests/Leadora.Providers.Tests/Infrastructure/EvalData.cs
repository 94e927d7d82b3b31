namespace Leadora.Providers.Tests.Infrastructure;

/// <summary>
/// Real provider responses captured elsewhere, read at test time from the shared evaluation folder and never copied
/// into the repository. Tests that use them are <see cref="EvalFactAttribute"/>s and skip when the folder is absent.
/// </summary>
public static class EvalData
{
    public const string Root = "/work/shared/eval/api";

    public static bool Available => Directory.Exists(Root);

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
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
