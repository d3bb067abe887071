using System.Text;
using Microsoft.Playwright;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed class ImportSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_imports_a_CSV_sees_the_bad_row_in_the_dry_run_and_then_the_new_records_in_the_list() =>
        InBrowserAsync(nameof(A_member_imports_a_CSV_sees_the_bad_row_in_the_dry_run_and_then_the_new_records_in_the_list), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "Already here", 50);
            const string Csv = "Title,Amount,Stage,Notes\r\nImported one,100,prospecting,x\r\nImported two,lots,won,y\r\nImported three,300,won,z\r\n";

            await SignInAsync(page, crm.Tenant, crm.Staff, "/records/deal");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(1);
            await page.ClickAsync("#import-records");
            await page.Locator("#import-upload[data-ready='true']").WaitForAsync();
            await page.SetInputFilesAsync("#import-file", new FilePayload { Name = "deals.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(Csv) });

            await Expect(page.Locator("#import-mapping")).ToBeVisibleAsync();
            await Expect(page.Locator("#map-0")).ToHaveValueAsync("title");
            await Expect(page.Locator("#map-1")).ToHaveValueAsync("amount");
            await Expect(page.Locator("#map-2")).ToHaveValueAsync("stage");
            await Expect(page.Locator("#map-3")).ToHaveValueAsync(string.Empty);
            await page.ClickAsync("#import-dry-run");

            await Expect(page.Locator("#preview-counts [data-count='created']")).ToHaveTextAsync("2");
            await Expect(page.Locator("#preview-counts [data-count='failed']")).ToHaveTextAsync("1");
            await Expect(page.Locator(".import-error[data-row='2']")).ToContainTextAsync("Amount");
            Assert.Equal(1, await CountAsync(crm));

            await page.ClickAsync("#import-start");
            await Expect(page.Locator("#import-status[data-status='completed']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator("#job-counts [data-count='created']")).ToHaveTextAsync("2");
            await Expect(page.Locator("#import-errors-csv")).ToBeVisibleAsync();

            await page.ClickAsync("#import-back-to-list");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(3);
            await Expect(page.Locator("#record-table")).ToContainTextAsync("Imported three");
            await Expect(page.Locator("#record-table")).Not.ToContainTextAsync("Imported two");
        });

    [Fact]
    public Task A_read_only_member_is_offered_no_import() =>
        InBrowserAsync(nameof(A_read_only_member_is_offered_no_import), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "Visible", 10);
            var reader = await App.AddMemberAsync(crm.Tenant, crm.Key, "readonly");

            await SignInAsync(page, crm.Tenant, reader, "/records/deal");
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(1);
            await Expect(page.Locator("#import-records")).ToHaveCountAsync(0);
            await page.GotoAsync($"/t/{crm.Tenant}/records/deal/import");
            await ReadyAsync(page);
            await Expect(page.Locator("#import-forbidden")).ToBeVisibleAsync();
        });

    private async Task<int> CountAsync(Crm crm)
    {
        using var response = await App.Api(crm.Key).GetAsync(new Uri($"/t/{crm.Tenant}/api/data/deal?$count=true&$top=1", UriKind.Relative));
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("@odata.count").GetInt32();
    }
}
