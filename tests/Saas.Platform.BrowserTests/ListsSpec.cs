using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed class ListsSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    private static readonly string[] AmountOnly = ["amount"];

    [Fact]
    public Task A_member_saves_a_view_and_opens_it_again_after_a_reload() =>
        InBrowserAsync(nameof(A_member_saves_a_view_and_opens_it_again_after_a_reload), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "Alpha one", 100);
            await crm.AddDealAsync(App, "Beta two", 300, "won");
            await crm.AddDealAsync(App, "Gamma three", 200);

            await SignInAsync(page, crm.Tenant, crm.Staff, "/records/deal");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
            await page.SelectOptionAsync("#filter-field", "amount");
            await page.SelectOptionAsync("#filter-operator", "gt");
            await page.FillAsync("#filter-value", "150");
            await page.ClickAsync("#filter-apply");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(2);
            await page.ClickAsync("button[data-sort='amount']");
            await page.ClickAsync("#column-chooser summary");
            await page.UncheckAsync("label[data-column='stage'] input");
            await page.FillAsync("#view-name", "Bigger deals");
            await page.ClickAsync("#view-save");
            await Expect(page.Locator("#view-pick option", new() { HasText = "Bigger deals" })).ToHaveCountAsync(1);

            await page.ReloadAsync();
            await ReadyAsync(page);
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
            await Expect(page.Locator("td[data-column='stage']").First).ToBeVisibleAsync();
            await page.SelectOptionAsync("#view-pick", new Microsoft.Playwright.SelectOptionValue { Label = "Bigger deals" });
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(2);
            await Expect(page.Locator(".record-row").First).ToContainTextAsync("Gamma three");
            await Expect(page.Locator("td[data-column='stage']")).ToHaveCountAsync(0);
            await Expect(page.Locator("#active-filter")).ToContainTextAsync("amount gt 150");

            await page.ClickAsync("#view-delete");
            await Expect(page.Locator("#view-pick option", new() { HasText = "Bigger deals" })).ToHaveCountAsync(0);
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
        });

    [Fact]
    public Task The_list_opens_with_the_entitys_default_shared_view() =>
        InBrowserAsync(nameof(The_list_opens_with_the_entitys_default_shared_view), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "Alpha one", 100);
            await crm.AddDealAsync(App, "Beta two", 300, "won");
            await crm.AddDealAsync(App, "Gamma three", 200);
            var published = await App.Api(crm.Key).PutAsJsonAsync($"/t/{crm.Tenant}/api/shared-views/deal/biggerDeals", new
            {
                label = new Dictionary<string, string> { ["en"] = "Bigger deals", ["zh-CN"] = "大单" },
                columns = AmountOnly,
                filter = "amount gt 150",
                orderBy = "amount desc",
                @default = true,
            });
            published.EnsureSuccessStatusCode();

            await SignInAsync(page, crm.Tenant, crm.Staff, "/records/deal");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(2);
            await Expect(page.Locator(".record-row").First).ToContainTextAsync("Beta two");
            await Expect(page.Locator("td[data-column='stage']")).ToHaveCountAsync(0);
            await Expect(page.Locator("#view-pick")).ToHaveValueAsync("shared:biggerDeals");
            await Expect(page.Locator("#shared-views option", new() { HasText = "Bigger deals" })).ToHaveCountAsync(1);

            // Back to every record, and the staff member cannot delete the shared view.
            await page.SelectOptionAsync("#view-pick", "");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
            await page.SelectOptionAsync("#view-pick", "shared:biggerDeals");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(2);
            await Expect(page.Locator("#view-delete")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task A_manager_assigns_an_owner_to_the_selected_rows() =>
        InBrowserAsync(nameof(A_manager_assigns_an_owner_to_the_selected_rows), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var alpha = await crm.AddDealAsync(App, "Alpha one", 100);
            var beta = await crm.AddDealAsync(App, "Beta two", 300);
            var gamma = await crm.AddDealAsync(App, "Gamma three", 200);
            var manager = await App.AddMemberAsync(crm.Tenant, crm.Key, "manager");
            var members = await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/members");
            var staffId = members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == crm.Staff).GetProperty("userId").GetString()!;

            await SignInAsync(page, crm.Tenant, manager, "/records/deal");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
            await Expect(page.Locator("#page-info")).ToHaveTextAsync("Page 1 · 2+ records"); // the host counts up to 2
            await Expect(page.Locator("#bulk-export")).ToBeVisibleAsync();
            await page.CheckAsync($".record-row[data-id='{alpha}'] .row-select");
            await page.CheckAsync($".record-row[data-id='{gamma}'] .row-select");
            await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("2 selected");
            await Expect(page.Locator("#select-all-matching")).ToHaveTextAsync("Select all 2+ matching");
            await page.SelectOptionAsync("#bulk-owner", staffId);
            await page.ClickAsync("#bulk-assign");
            await Expect(page.Locator("#bulk-result")).ToContainTextAsync("2 done, 0 refused.");

            async Task<string?> OwnerAsync(string id) =>
                (await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/data/deal/{id}")).GetProperty("ownerId").GetString();
            Assert.Equal(staffId, await OwnerAsync(alpha));
            Assert.Equal(staffId, await OwnerAsync(gamma));
            Assert.NotEqual(staffId, await OwnerAsync(beta));
        });

    [Fact]
    public Task A_read_only_member_is_offered_no_bulk_change_but_saves_views_of_their_own() =>
        InBrowserAsync(nameof(A_read_only_member_is_offered_no_bulk_change_but_saves_views_of_their_own), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var id = await crm.AddDealAsync(App, "Alpha one", 100);
            var reader = await App.AddMemberAsync(crm.Tenant, crm.Key, "readonly");

            await SignInAsync(page, crm.Tenant, reader, "/records/deal");
            await page.CheckAsync($".record-row[data-id='{id}'] .row-select");
            await Expect(page.Locator("#bulk-count")).ToHaveTextAsync("1 selected");
            await Expect(page.Locator("#bulk-assign")).ToHaveCountAsync(0);
            await Expect(page.Locator("#bulk-delete")).ToHaveCountAsync(0);
            await Expect(page.Locator("#bulk-export")).ToHaveCountAsync(0);
            await Expect(page.Locator("#view-pick")).ToBeVisibleAsync();
            await page.FillAsync("#view-name", "My reading");
            await page.ClickAsync("#view-save");
            await Expect(page.Locator("#view-pick option", new() { HasText = "My reading" })).ToHaveCountAsync(1);
        });

    [Fact]
    public Task An_admin_orders_and_hides_the_entries_of_the_navigation() =>
        InBrowserAsync(nameof(An_admin_orders_and_hides_the_entries_of_the_navigation), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var created = await App.Api(crm.Key).PostAsJsonAsync($"/t/{crm.Tenant}/api/metadata/entities", new
            {
                apiName = "visit",
                label = new Dictionary<string, string> { ["en"] = "Visit" },
                pluralLabel = new Dictionary<string, string> { ["en"] = "Visits" },
                fields = new object[] { new { apiName = "title", label = new Dictionary<string, string> { ["en"] = "Title" }, type = "text" } },
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var admin = await App.AddMemberAsync(crm.Tenant, crm.Key, "admin");

            await SignInAsync(page, crm.Tenant, admin, "/admin/navigation");
            await Expect(page.Locator(".navigation-item")).ToHaveCountAsync(2);
            await Expect(page.Locator(".navigation-item").First).ToHaveAttributeAsync("data-entity", "deal");
            await page.Locator(".navigation-item[data-entity='visit'] .navigation-up").ClickAsync();
            await Expect(page.Locator(".navigation-item").First).ToHaveAttributeAsync("data-entity", "visit");
            await page.ClickAsync("#navigation-save");
            await ReadyAsync(page);
            await Expect(page.Locator("#entity-nav a[data-entity]").First).ToHaveAttributeAsync("data-entity", "visit");

            await page.Locator(".navigation-item[data-entity='deal'] .navigation-hidden").CheckAsync();
            await page.ClickAsync("#navigation-save");
            await ReadyAsync(page);
            await Expect(page.Locator("#entity-nav a[data-entity='deal']")).ToHaveCountAsync(0);

            // Hiding tidies the menu of everyone, and is no permission: the list still opens.
            await page.GotoAsync($"/t/{crm.Tenant}/records/deal");
            await ReadyAsync(page);
            await Expect(page.Locator("#list-title")).ToHaveTextAsync("Deals");
        });
}
