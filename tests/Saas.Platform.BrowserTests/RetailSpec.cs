using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

/// <summary>A tenant that starts from the core and retail packs, as the demo tenant does.</summary>
[Collection(InTheBrowser.Name)]
public sealed partial class RetailSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_of_staff_finds_a_loyalty_member_from_the_search_box_and_logs_a_call_on_the_members_timeline() =>
        InBrowserAsync(nameof(A_member_of_staff_finds_a_loyalty_member_from_the_search_box_and_logs_a_call_on_the_members_timeline), async page =>
        {
            var (tenant, key) = await App.CreateTenantAsync("retail", "core", "retail");
            var staff = await App.AddMemberAsync(tenant, key, "staff");
            var created = await App.Api(key).PostAsJsonAsync($"/t/{tenant}/api/data/member", new { memberName = "Wang Fang", homeStore = "Jing'an" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var member = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

            await SignInAsync(page, tenant, staff);
            await page.FillAsync("#global-search", "Wang Fang");
            await Expect(page.Locator("#search-panel .search-hit")).ToHaveTextAsync("Wang Fang");
            await page.Locator("#search-panel .search-hit").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/records/member/{member}$"));
            await ReadyAsync(page);

            await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
            await page.ClickAsync("#log-call");
            await page.FillAsync("#log-subject", "Asked about her points");
            await page.FillAsync("#log-details", "Gold tier after two more orders");
            await page.ClickAsync("#log-save");
            await Expect(page.Locator(".timeline-item[data-kind='activity']")).ToContainTextAsync("Asked about her points");

            var calls = await App.Api(key).GetStringAsync($"/t/{tenant}/api/data/activity?$filter=member eq {member}");
            Assert.Contains("Asked about her points", calls, StringComparison.Ordinal);
        });
}
