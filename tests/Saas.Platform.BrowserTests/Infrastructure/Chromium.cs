using Microsoft.Playwright;

namespace Saas.Platform.BrowserTests.Infrastructure;

/// <summary>
/// Debian's chromium driven by Playwright; no browser is ever downloaded. Without /usr/bin/chromium the tests skip
/// locally, and fail in CI (where CI is set), so a missing browser can never pass a build.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public IBrowser Browser { get; private set; } = default!;

    /// <summary>Null when the browser tests may run; else why they skip.</summary>
    public static string? SkipReason =>
        File.Exists(ExecutablePath) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
            ? null
            : $"{ExecutablePath} is missing (apt-get install -y chromium); browser tests skip outside CI only.";

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class InTheBrowser : ICollectionFixture<StaffApp>, ICollectionFixture<Chromium>
{
    public const string Name = "Browser";
}
