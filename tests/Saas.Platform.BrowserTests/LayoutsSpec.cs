using System.Net.Http.Json;
using Microsoft.Playwright;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed class LayoutsSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_record_page_and_the_create_form_show_the_entitys_layout_sections_with_a_trailing_section_for_unplaced_fields() =>
        InBrowserAsync(nameof(A_record_page_and_the_create_form_show_the_entitys_layout_sections_with_a_trailing_section_for_unplaced_fields), async page =>
        {
            var crm = await Crm.CreateAsync(App, "ui-lay");
            var saved = await App.Api(crm.Key).PutAsJsonAsync($"/t/{crm.Tenant}/api/metadata/entities/deal/layout", new
            {
                sections = new object[]
                {
                    new { apiName = "essentials", label = new Dictionary<string, string> { ["en"] = "Essentials", ["zh-CN"] = "要点" }, columns = 2, fields = new List<string> { "title", "amount" } },
                    new { apiName = "planning", label = new Dictionary<string, string> { ["en"] = "Planning", ["zh-CN"] = "计划" }, columns = 1, fields = new List<string> { "stage", "closeDate" } },
                },
            });
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            var id = await crm.AddDealAsync(App, "Laid out deal", 500);

            await SignInAsync(page, crm.Tenant, crm.Staff, $"/records/deal/{id}");
            await Expect(page.Locator("#record-title")).ToHaveTextAsync("Laid out deal");
            await Expect(page.Locator(".form-section-title")).ToHaveTextAsync(["Essentials", "Planning", "Other fields"]);
            await Expect(page.Locator("[data-section='essentials'] [data-field='amount']")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-section='planning'] [data-field='closeDate']")).ToBeVisibleAsync();
            await Expect(page.Locator("[data-section='otherFields'] [data-field='hot']")).ToBeVisibleAsync();

            // Two columns side by side on a wide screen; one column on a 390-pixel phone. The drawer and the grid
            // reflow after a resize through a round trip to the circuit, so the geometry is awaited, not sampled once.
            await LaidOutAsync(page, (title, amount) => amount.X > title.X + title.Width / 2 && Math.Abs(amount.Y - title.Y) < 1, "side by side");
            await page.SetViewportSizeAsync(390, 844);
            await LaidOutAsync(page, (title, amount) => amount.Y >= title.Y + title.Height - 1, "amount below title");

            await page.GotoAsync($"/t/{crm.Tenant}/records/deal/new");
            await ReadyAsync(page);
            await Expect(page.Locator(".form-section-title")).ToHaveTextAsync(["Essentials", "Planning", "Other fields"]);
            await Expect(page.Locator("[data-section='essentials'] #field-title")).ToBeVisibleAsync();
        });

    private static async Task LaidOutAsync(IPage page, Func<LocatorBoundingBoxResult, LocatorBoundingBoxResult, bool> holds, string expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (title, amount) = (await BoxAsync(page, "title"), await BoxAsync(page, "amount"));
            if (holds(title, amount))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{expected}: title {title.X},{title.Y} ({title.Width} wide, {title.Height} high); amount {amount.X},{amount.Y}");
            await Task.Delay(100);
        }
    }

    private static async Task<LocatorBoundingBoxResult> BoxAsync(IPage page, string field) =>
        await page.Locator($"[data-field='{field}']").BoundingBoxAsync() ?? throw new InvalidOperationException($"The field '{field}' is not shown.");
}
