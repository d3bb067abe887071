using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed class SignInSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_signs_in_and_sees_the_entities_of_the_tenant_then_signs_out() =>
        InBrowserAsync(nameof(A_member_signs_in_and_sees_the_entities_of_the_tenant_then_signs_out), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await page.GotoAsync($"/t/{crm.Tenant}/");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/t/{crm.Tenant}/signin"));

            await page.FillAsync("#email", crm.Staff);
            await page.FillAsync("#password", "wrong-password-1");
            await page.ClickAsync("#signin-submit");
            await Expect(page.Locator("#signin-error")).ToContainTextAsync("wrong");

            await SignInAsync(page, crm.Tenant, crm.Staff);
            await Expect(page.Locator("#user-name")).ToHaveTextAsync(crm.Staff);
            await Expect(page.Locator("#entity-nav")).ToContainTextAsync("Deals");

            await page.ClickAsync("#signout");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/t/{crm.Tenant}/signin"));
            await page.GotoAsync($"/t/{crm.Tenant}/");
            await Expect(page.Locator("#signin-submit")).ToBeVisibleAsync();
        });
}
