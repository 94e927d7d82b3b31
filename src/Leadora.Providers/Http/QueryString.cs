using System.Text;

namespace Leadora.Providers;

/// <summary>Builds query strings for the APIs that take their parameters (and key) in the URL.</summary>
internal static class QueryString
{
    /// <summary>"?a=1&amp;b=2" with every value escaped; null values are left out.</summary>
    public static string Of(params (string Name, string? Value)[] parameters)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            if (value is null)
            {
                continue;
            }

            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return builder.ToString();
    }
}
