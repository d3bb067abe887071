using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed class LanguageAndTenantsSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    private static readonly string[] PagesOfB = ["/", "/records/deal", "/records/deal/new"];

    [Fact]
    public Task Switching_to_Chinese_changes_the_texts_and_the_metadata_labels() =>
        InBrowserAsync(nameof(Switching_to_Chinese_changes_the_texts_and_the_metadata_labels), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "Alpha one", 100);
            await SignInAsync(page, crm.Tenant, crm.Staff, "/records/deal");
            await Expect(page.Locator("#list-title")).ToHaveTextAsync("Deals");
            await Expect(page.Locator("#new-record")).ToContainTextAsync("New");

            await page.ClickAsync("#language-menu");
            await page.ClickAsync("#lang-zh-CN");
            await ReadyAsync(page);
            await Expect(page.Locator("#app-ready")).ToHaveAttributeAsync("data-culture", "zh-CN");
            await Expect(page.Locator("#list-title")).ToHaveTextAsync("商机列表");
            await Expect(page.Locator("#entity-nav")).ToContainTextAsync("商机列表");
            await Expect(page.Locator("#new-record")).ToContainTextAsync("新建");
            await Expect(page.Locator("th[data-column='title']")).ToContainTextAsync("标题");
            await Expect(page.Locator("td[data-column='stage']").First).ToHaveTextAsync("初步接触");
            await Expect(page.Locator("#signout")).ToContainTextAsync("退出登录");
        });

    [Fact]
    public Task A_member_of_one_tenant_cannot_open_the_pages_of_another() =>
        InBrowserAsync(nameof(A_member_of_one_tenant_cannot_open_the_pages_of_another), async page =>
        {
            var a = await Crm.CreateAsync(App, "ui-a");
            var b = await Crm.CreateAsync(App, "ui-b");
            await b.AddDealAsync(App, "Secret of B", 999);
            await SignInAsync(page, a.Tenant, a.Staff);

            foreach (var path in PagesOfB)
            {
                var response = await page.GotoAsync($"/t/{b.Tenant}{path}");
                Assert.Equal(404, response!.Status);
                await Expect(page.Locator("body")).Not.ToContainTextAsync("Secret of B");
            }

            await page.GotoAsync($"/t/{a.Tenant}/records/deal");
            await ReadyAsync(page);
            await Expect(page.Locator("#list-title")).ToHaveTextAsync("Deals");
            await Expect(page.Locator("body")).Not.ToContainTextAsync("Secret of B");
        });
}
