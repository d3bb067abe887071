using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed partial class RecordsSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_creates_a_record_sees_the_server_errors_on_their_fields_fixes_them_and_saves() =>
        InBrowserAsync(nameof(A_member_creates_a_record_sees_the_server_errors_on_their_fields_fixes_them_and_saves), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var refused = await App.Api(crm.Key).PostAsJsonAsync($"/t/{crm.Tenant}/api/data/deal", new { });
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            var titleError = errors.GetProperty("title")[0].GetString()!;
            var amountError = errors.GetProperty("amount")[0].GetString()!;

            await SignInAsync(page, crm.Tenant, crm.Staff, "/records/deal/new");
            await Expect(page.Locator("#record-title")).ToHaveTextAsync("New Deal");
            await page.ClickAsync("#save-record");
            await Expect(page.Locator("[data-field='title']")).ToContainTextAsync(titleError);
            await Expect(page.Locator("[data-field='amount']")).ToContainTextAsync(amountError);

            await page.FillAsync("#field-title", "Big deal");
            await page.FillAsync("#field-amount", "1200");
            await page.PressAsync("#field-amount", "Tab");
            await page.ClickAsync("#save-record");
            await Expect(page).ToHaveURLAsync(RecordAddress());
            await Expect(page.Locator("#record-title")).ToHaveTextAsync("Big deal");
            await Expect(page.Locator("[data-field='title']")).Not.ToContainTextAsync(titleError);

            await page.FillAsync("#field-title", "Bigger deal");
            await page.PressAsync("#field-title", "Tab");
            await page.ClickAsync("#save-record");
            await Expect(page.Locator("#record-title")).ToHaveTextAsync("Bigger deal");
            await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "History" }).ClickAsync();
            await Expect(page.Locator("#history-table")).ToContainTextAsync("Bigger deal");
        });

    [Fact]
    public Task A_member_filters_sorts_and_chooses_the_columns_of_a_list() =>
        InBrowserAsync(nameof(A_member_filters_sorts_and_chooses_the_columns_of_a_list), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "Alpha one", 100);
            await crm.AddDealAsync(App, "Beta two", 300, "won");
            await crm.AddDealAsync(App, "Gamma three", 200);

            await SignInAsync(page, crm.Tenant, crm.Staff, "/records/deal");
            await Expect(page.Locator("#list-title")).ToHaveTextAsync("Deals");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
            await Expect(page.Locator("td[data-column='stage']").First).ToBeVisibleAsync();

            await page.SelectOptionAsync("#filter-field", "title");
            await page.SelectOptionAsync("#filter-operator", "contains");
            await page.FillAsync("#filter-value", "Beta");
            await page.ClickAsync("#filter-apply");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(1);
            await Expect(page.Locator(".record-row")).ToContainTextAsync("Beta two");
            await Expect(page.Locator(".record-row")).ToContainTextAsync("Won");

            await page.ClickAsync("#filter-clear");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
            await page.ClickAsync("button[data-sort='amount']");
            await page.ClickAsync("button[data-sort='amount']");
            await Expect(page.Locator(".record-row").First).ToContainTextAsync("Beta two");
            await Expect(page.Locator(".record-row a").First).ToHaveTextAsync("Beta two");

            await page.ClickAsync("#column-chooser summary");
            await page.UncheckAsync("label[data-column='stage'] input");
            await Expect(page.Locator("td[data-column='stage']")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task A_read_only_member_reads_the_list_but_the_record_service_refuses_the_create() =>
        InBrowserAsync(nameof(A_read_only_member_reads_the_list_but_the_record_service_refuses_the_create), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "Alpha one", 100);
            var reader = await App.AddMemberAsync(crm.Tenant, crm.Key, "readonly");

            await SignInAsync(page, crm.Tenant, reader, "/records/deal");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(1);

            await page.GotoAsync($"/t/{crm.Tenant}/records/deal/new");
            await ReadyAsync(page);
            await page.FillAsync("#field-title", "Not allowed");
            await page.FillAsync("#field-amount", "5");
            await page.PressAsync("#field-amount", "Tab");
            await page.ClickAsync("#save-record");
            await Expect(page.Locator("#record-problem")).ToContainTextAsync("You may not do this.");
            await Expect(page).ToHaveURLAsync(new Regex("/records/deal/new$"));
            var listed = await App.Api(crm.Key).GetStringAsync($"/t/{crm.Tenant}/api/data/deal?$filter=contains(title,'Not allowed')");
            Assert.DoesNotContain("Not allowed", listed, StringComparison.Ordinal);
        });

    [Fact]
    public Task A_member_sees_in_the_navigation_and_on_the_home_page_only_the_entities_their_role_may_read() =>
        InBrowserAsync(nameof(A_member_sees_in_the_navigation_and_on_the_home_page_only_the_entities_their_role_may_read), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var admin = App.Api(crm.Key);
            (await admin.PostAsJsonAsync($"/t/{crm.Tenant}/api/metadata/entities", new
            {
                apiName = "salary", label = new { en = "Salary" }, pluralLabel = new { en = "Salaries" },
                fields = new object[] { new { apiName = "employee", label = new { en = "Employee" }, type = "text" } },
            })).EnsureSuccessStatusCode();
            var set = await admin.PostAsJsonAsync($"/t/{crm.Tenant}/api/access/permission-sets", new
            {
                name = "Deals only",
                rules = new { deal = new { create = true, read = true, update = true, otherFields = "edit" } },
            });
            Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
            var setId = (await set.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            (await admin.PutAsJsonAsync($"/t/{crm.Tenant}/api/access/roles/staff", new { permissionSets = new[] { setId } })).EnsureSuccessStatusCode();

            await SignInAsync(page, crm.Tenant, crm.Staff);
            await Expect(page.Locator("#entity-nav a[data-entity='deal']")).ToBeVisibleAsync();
            await Expect(page.Locator("#entity-nav a[data-entity='salary']")).ToHaveCountAsync(0);
            await Expect(page.Locator("#main-content")).ToContainTextAsync("Deals");
            await Expect(page.Locator("#main-content")).Not.ToContainTextAsync("Salaries");
        });

    [GeneratedRegex("/records/deal/[0-9a-f-]{36}$")]
    private static partial Regex RecordAddress();
}
