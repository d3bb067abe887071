using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

/// <summary>Everything a member does daily works without a mouse: Tab to reach a control, Enter to use it.</summary>
[Collection(InTheBrowser.Name)]
public sealed class KeyboardSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_signs_in_opens_a_list_creates_a_record_and_moves_it_on_the_board_with_the_keyboard_alone() =>
        InBrowserAsync(nameof(A_member_signs_in_opens_a_list_creates_a_record_and_moves_it_on_the_board_with_the_keyboard_alone), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await page.GotoAsync($"/t/{crm.Tenant}/signin");
            await TabToAsync(page, "#email");
            await page.Keyboard.TypeAsync(crm.Staff);
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.TypeAsync(StaffApp.Password);
            await page.Keyboard.PressAsync("Enter");
            await ReadyAsync(page);

            // The first Tab offers to skip the app bar and the navigation.
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.Locator("#skip-to-content")).ToBeFocusedAsync();
            await TabToAsync(page, "#entity-nav a[data-entity='deal']");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex("/records/deal$"));

            await TabToAsync(page, "#new-record");
            await page.Keyboard.PressAsync("Enter");
            await TabToAsync(page, "#field-title");
            await page.Keyboard.TypeAsync("Typed deal");
            await TabToAsync(page, "#field-amount");
            await page.Keyboard.TypeAsync("4200");
            await TabToAsync(page, "#field-stage");
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.PressAsync("ArrowDown");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#field-stage")).ToHaveValueAsync("prospecting");
            await TabToAsync(page, "#save-record");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex("/records/deal/[0-9a-f-]{36}$"));

            // On a page just opened, Tab then Enter skips to the page's content, where the board's move menu is near.
            await page.GotoAsync($"/t/{crm.Tenant}/board/deal?field=stage");
            await ReadyAsync(page);
            await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator("#main-content")).ToBeFocusedAsync();
            await TabToAsync(page, "[data-card] select", presses: 10);
            await page.Keyboard.PressAsync("ArrowDown");
            await Expect(page.Locator("section[data-column='won'] [data-card]")).ToContainTextAsync("Typed deal");
        });

    /// <summary>Presses Tab until the element <paramref name="selector"/> names has the focus; fails when that many presses do not get there.</summary>
    private static async Task TabToAsync(IPage page, string selector, int presses = 60)
    {
        var target = page.Locator(selector).First;
        await target.WaitForAsync(new() { State = WaitForSelectorState.Attached });
        for (var press = 0; press < presses; press++)
        {
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement || e.contains(document.activeElement)"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"{presses} presses of Tab did not reach {selector}; the focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 200) ?? 'nothing'")}.");
    }
}
