using Microsoft.Playwright;

namespace MixOpt.IntegrationTests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright. Browsers are never downloaded: the executable is the system one
/// (override with MIXOPT_CHROMIUM). The flags keep a headless Chromium quiet on a machine with no outside network.
/// </summary>
public static class Browser
{
    public static string Executable => Environment.GetEnvironmentVariable("MIXOPT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"Chromium not found at {Executable}: install Debian's chromium (infra/local/deps.sh --test does).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return (playwright, browser);
    }
}
