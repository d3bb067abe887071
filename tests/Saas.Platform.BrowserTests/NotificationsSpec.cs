using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

/// <summary>The bell in the app bar: a record assigned to the member shows as an unread notification that leads to it.</summary>
[Collection(InTheBrowser.Name)]
public sealed class NotificationsSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_sees_a_deal_assigned_to_them_on_the_bell_opens_it_the_badge_is_gone_and_the_next_assignment_shows_without_a_reload() =>
        InBrowserAsync(nameof(A_member_sees_a_deal_assigned_to_them_on_the_bell_opens_it_the_badge_is_gone_and_the_next_assignment_shows_without_a_reload), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var deal = await crm.AddDealAsync(App, "Acme renewal", 100);
            var members = await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/members");
            var staffId = members.EnumerateArray().Single(m => m.GetProperty("email").GetString() == crm.Staff).GetProperty("userId").GetString()!;
            (await App.Api(crm.Key).PatchAsJsonAsync($"/t/{crm.Tenant}/api/data/deal/{deal}", new { ownerId = staffId })).EnsureSuccessStatusCode();

            await SignInAsync(page, crm.Tenant, crm.Staff, "/");
            var bell = page.Locator("#notifications-bell");
            await Expect(bell).ToHaveAttributeAsync("data-unread", "1");
            await Expect(bell.Locator(".mud-badge")).ToContainTextAsync("1");

            await page.ClickAsync("#notifications-open");
            var item = page.Locator(".notification-item").First;
            await Expect(item).ToContainTextAsync("Deal 'Acme renewal' was assigned to you by");
            await item.ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/records/deal/{deal}$"));
            await Expect(page.Locator("#record-title")).ToHaveTextAsync("Acme renewal");
            await Expect(bell).ToHaveAttributeAsync("data-unread", "0");
            await Expect(bell.Locator(".mud-badge")).ToHaveCountAsync(0);

            // Another assignment while the page stays open shows on the bell without a reload.
            var second = await crm.AddDealAsync(App, "Globex upsell", 200);
            (await App.Api(crm.Key).PatchAsJsonAsync($"/t/{crm.Tenant}/api/data/deal/{second}", new { ownerId = staffId })).EnsureSuccessStatusCode();
            await Expect(bell).ToHaveAttributeAsync("data-unread", "1");
        });
}
