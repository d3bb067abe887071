using Microsoft.Playwright;

namespace Saas.Platform.BrowserTests.Infrastructure;

/// <summary>A fresh browser context per test (no cookies shared); a screenshot under artifacts/browser when a test fails.</summary>
public abstract class BrowserSpec(StaffApp app, Chromium chromium)
{
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
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        try
        {
            await steps(page);
        }
        catch
        {
            var folder = Path.Combine(RepositoryRoot(), "artifacts", "browser");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.png"), FullPage = true });
            throw;
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
