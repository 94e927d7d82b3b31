namespace Leadora.Web.Tests.Browser;

/// <summary>
/// A test that drives Debian's Chromium (<c>/usr/bin/chromium</c>, installed by scripts/provision-chromium.sh) with
/// Microsoft.Playwright. Without Chromium it is skipped locally with a message saying how to install it; under CI
/// (<c>CI=true</c>) it runs anyway and fails loudly, so a missing browser can never pass unnoticed.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath) && !IsCi)
        {
            Skip = $"Chromium is not installed at {ExecutablePath}: run scripts/provision-chromium.sh (apt-get install chromium). Under CI=true this test fails instead.";
        }
    }

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
