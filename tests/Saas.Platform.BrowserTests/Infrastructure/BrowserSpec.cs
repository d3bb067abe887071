using Microsoft.Playwright;

namespace Saas.Platform.BrowserTests.Infrastructure;

/// <summary>
/// A fresh browser context per test (no cookies shared). When a test fails: a screenshot under artifacts/browser, and the
/// failure's message starts with the errors the page showed, so a failure in CI says what the person would have seen.
/// </summary>
public abstract class BrowserSpec(StaffApp app, Chromium chromium)
{
    /// <summary>Assertions wait as long as actions do: on a loaded CI machine a server round trip can take seconds.</summary>
    private const float Timeout = 15_000;

    static BrowserSpec() => Assertions.SetDefaultExpectTimeout(Timeout);

    protected StaffApp App => app;

    protected async Task InBrowserAsync(string name, Func<IPage, Task> steps)
    {
        if (Chromium.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        context.SetDefaultTimeout(Timeout);
        var page = await context.NewPageAsync();
        try
        {
            await steps(page);
        }
        catch (Exception failure)
        {
            var folder = Path.Combine(RepositoryRoot(), "artifacts", "browser");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
            var shown = await page.Locator(".mud-alert-message, .mud-input-helper-text.mud-input-error").AllInnerTextsAsync();
            throw new InvalidOperationException($"The page showed: [{string.Join(" | ", shown)}]. {failure.Message}", failure);
        }
    }

    /// <summary>Signs in on the tenant's sign-in page and waits for the circuit of the page it lands on.</summary>
    protected static async Task SignInAsync(IPage page, string tenant, string email, string? returnPath = null)
    {
        var query = returnPath is null ? string.Empty : $"?returnUrl={Uri.EscapeDataString($"/t/{tenant}{returnPath}")}";
        await page.GotoAsync($"/t/{tenant}/signin{query}");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", StaffApp.Password);
        await page.ClickAsync("#signin-submit");
        await ReadyAsync(page);
    }

    /// <summary>Clicks sent before the Blazor circuit is live are lost: wait for the marker the layout sets after its first render.</summary>
    protected static Task ReadyAsync(IPage page) =>
        page.Locator("#app-ready[data-ready='true']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Saas.sln")))
            {
                return folder.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }
}
