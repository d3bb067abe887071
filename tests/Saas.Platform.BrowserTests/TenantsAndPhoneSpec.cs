using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed class TenantsAndPhoneSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    private static readonly string[] AppBarControls = ["#global-search", "#language-menu", "#user-name", "#signout"];

    [Fact]
    public Task A_member_of_two_tenants_switches_from_the_app_bar_and_sees_the_profile() =>
        InBrowserAsync(nameof(A_member_of_two_tenants_switches_from_the_app_bar_and_sees_the_profile), async page =>
        {
            var a = await Crm.CreateAsync(App, "ui-a");
            var b = await Crm.CreateAsync(App, "ui-b");
            await b.AddDealAsync(App, "Deal of B", 10);
            await App.AddMemberAsync(b.Tenant, b.Key, "readonly", a.Staff);

            await SignInAsync(page, a.Tenant, a.Staff);
            await Expect(page.Locator("#tenant-name")).ToHaveTextAsync($"Tenant {a.Tenant}");
            await page.ClickAsync("#tenant-switcher");
            await page.ClickAsync($".tenant-choice[data-tenant='{b.Tenant}']");
            await Expect(page).ToHaveURLAsync($"{App.Address.ToString().TrimEnd('/')}/t/{b.Tenant}/");
            await ReadyAsync(page);
            await Expect(page.Locator("#tenant-name")).ToHaveTextAsync($"Tenant {b.Tenant}");

            await page.ClickAsync("#user-name");
            await Expect(page.Locator("#profile-email")).ToHaveTextAsync(a.Staff);
            await Expect(page.Locator("#profile-role")).ToHaveTextAsync("Read-only");
            await page.GotoAsync($"/t/{b.Tenant}/records/deal");
            await ReadyAsync(page);
            await Expect(page.Locator(".record-row")).ToContainTextAsync("Deal of B");
        });

    [Fact]
    public Task A_member_with_one_tenant_is_not_offered_a_switch() =>
        InBrowserAsync(nameof(A_member_with_one_tenant_is_not_offered_a_switch), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await SignInAsync(page, crm.Tenant, crm.Staff);
            await Expect(page.Locator("#tenant-name")).ToBeVisibleAsync();
            await Expect(page.Locator("#tenant-switcher")).ToHaveCountAsync(0);
        });

    [Fact]
    public Task A_list_page_works_on_a_390_pixel_wide_phone() =>
        InBrowserAsync(nameof(A_list_page_works_on_a_390_pixel_wide_phone), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddDealAsync(App, "A deal with a rather long title for a phone", 1234567);
            await page.SetViewportSizeAsync(390, 844);
            await SignInAsync(page, crm.Tenant, crm.Staff, "/records/deal");
            await Expect(page.Locator("#list-title")).ToBeInViewportAsync();
            await Expect(page.Locator(".record-row")).ToHaveCountAsync(1);

            // The app bar fits: search, language, the person and sign-out (as icons) are all on screen.
            foreach (var control in AppBarControls)
            {
                await Expect(page.Locator(control)).ToBeInViewportAsync(new() { Ratio = 1 });
            }

            // The filters fold behind a button on a phone, so the records come first.
            await Expect(page.Locator("#filter-field")).Not.ToBeVisibleAsync();
            await page.ClickAsync("#filters-toggle");
            await Expect(page.Locator("#filter-field")).ToBeVisibleAsync();

            // The drawer is closed on a phone, the page does not scroll sideways (the table scrolls inside its box).
            await Expect(page.Locator("#entity-nav a[data-entity='deal']")).Not.ToBeInViewportAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
            await page.ClickAsync("button[aria-label='menu']");
            await Expect(page.Locator("#entity-nav a[data-entity='deal']")).ToBeInViewportAsync();
            await page.ClickAsync("#entity-nav a[data-entity='deal']");
            await Expect(page.Locator("#new-record")).ToBeInViewportAsync();
        });
}
