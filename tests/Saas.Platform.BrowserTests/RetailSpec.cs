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

    [Fact]
    public Task A_store_manager_moves_an_opportunity_on_the_board_and_approves_a_large_refund_from_the_inbox() =>
        InBrowserAsync(nameof(A_store_manager_moves_an_opportunity_on_the_board_and_approves_a_large_refund_from_the_inbox), async page =>
        {
            var (tenant, key) = await App.CreateTenantAsync("retail", "core", "retail");
            var manager = await App.AddMemberAsync(tenant, key, "manager");
            var api = App.Api(key);
            var deal = await CreateAsync(api, tenant, "opportunity", new { opportunityName = "Jing'an store fit-out", amount = 48000 });

            await SignInAsync(page, tenant, manager, "/board/opportunity?field=stage");
            await page.Locator($"[data-card='{deal}'] select").SelectOptionAsync("negotiation");
            await Expect(page.Locator($"section[data-column='negotiation'] [data-card='{deal}']")).ToBeVisibleAsync();
            Assert.Equal("negotiation", await FieldAsync(api, tenant, "opportunity", deal, "stage"));

            // A refund over 500 waits for a manager: the retail pack's refund approval.
            var member = await CreateAsync(api, tenant, "member", new { memberName = "Li Na" });
            var order = await CreateAsync(api, tenant, "salesOrder", new { member, subtotal = 1299 });
            var refund = await CreateAsync(api, tenant, "returnRequest", new { salesOrder = order, member, reason = "defective", refundAmount = 1299 });
            for (var attempt = 0; attempt < 200 && !(await api.GetStringAsync($"/t/{tenant}/api/workflows/runs?status=waiting")).Contains(refund, StringComparison.Ordinal); attempt++)
            {
                await Task.Delay(100);
            }

            await page.GotoAsync($"/t/{tenant}/approvals");
            await Expect(page.Locator(".approval-record")).ToContainTextAsync("RMA-");
            await page.FillAsync(".approval-comment", "Screen cracked on arrival");
            await page.ClickAsync(".approval-approve");
            await Expect(page.Locator("#no-approvals")).ToBeVisibleAsync();

            for (var attempt = 0; attempt < 200 && await FieldAsync(api, tenant, "returnRequest", refund, "status") != "approved"; attempt++)
            {
                await Task.Delay(100);
            }

            Assert.Equal("approved", await FieldAsync(api, tenant, "returnRequest", refund, "status"));
        });

    private static async Task<string> CreateAsync(HttpClient api, string tenant, string entity, object values)
    {
        var created = await api.PostAsJsonAsync($"/t/{tenant}/api/data/{entity}", values);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string?> FieldAsync(HttpClient api, string tenant, string entity, string id, string field) =>
        (await api.GetFromJsonAsync<JsonElement>($"/t/{tenant}/api/data/{entity}/{id}")).GetProperty(field).GetString();
}
