using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

[Collection(InTheBrowser.Name)]
public sealed class AdminSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    private static readonly string[] AdminPages = ["/admin", "/admin/members", "/admin/teams", "/admin/keys", "/admin/packs", "/admin/runs", "/admin/triggers"];

    [Fact]
    public Task An_admin_invites_a_member_and_creates_then_revokes_an_api_key() =>
        InBrowserAsync(nameof(An_admin_invites_a_member_and_creates_then_revokes_an_api_key), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var admin = await App.AddMemberAsync(crm.Tenant, crm.Key, "admin");
            var invited = $"new-{Guid.NewGuid():N}@example.com";

            await SignInAsync(page, crm.Tenant, admin, "/records/deal");
            await page.ClickAsync("#admin-nav");
            await page.ClickAsync("#nav-admin-members");
            await Expect(page.Locator("#admin-title")).ToHaveTextAsync("Members and invitations");
            await Expect(page.Locator($".member-row[data-email='{crm.Staff}']")).ToBeVisibleAsync();

            await page.FillAsync("#invite-email", invited);
            await page.SelectOptionAsync("#invite-role", "manager");
            await page.ClickAsync("#invite-send");
            var row = page.Locator($".invitation-row[data-email='{invited}']");
            await Expect(row).ToContainTextAsync("Manager");
            await Expect(row.Locator(".invitation-status")).ToHaveTextAsync("Pending");
            var listed = await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/invitations");
            Assert.Contains(listed.EnumerateArray(), i => i.GetProperty("email").GetString() == invited && i.GetProperty("role").GetString() == "manager");

            await page.ClickAsync("#admin-tab-keys");
            await page.FillAsync("#key-name", "Zapier");
            await page.SelectOptionAsync("#key-role", "staff");
            await page.ClickAsync("#key-create");
            var secret = (await page.Locator("#key-secret").TextContentAsync())!.Trim();
            Assert.Equal(HttpStatusCode.OK, (await App.Api(secret).GetAsync($"/t/{crm.Tenant}/api/data/deal")).StatusCode);

            var keyRow = page.Locator(".key-row[data-key='Zapier']");
            await Expect(keyRow).ToContainTextAsync("Staff");
            await Expect(keyRow).Not.ToContainTextAsync(secret);
            await keyRow.Locator(".key-revoke").ClickAsync();
            await Expect(keyRow.Locator(".key-status")).ToHaveTextAsync("Revoked");
            await Expect(page.Locator("#key-secret")).ToHaveCountAsync(0);
            Assert.Equal(HttpStatusCode.Unauthorized, (await App.Api(secret).GetAsync($"/t/{crm.Tenant}/api/data/deal")).StatusCode);
        });

    [Fact]
    public Task A_member_who_is_no_admin_is_not_offered_the_admin_area_and_its_pages_refuse() =>
        InBrowserAsync(nameof(A_member_who_is_no_admin_is_not_offered_the_admin_area_and_its_pages_refuse), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var manager = await App.AddMemberAsync(crm.Tenant, crm.Key, "manager");
            await SignInAsync(page, crm.Tenant, manager);
            await Expect(page.Locator("#entity-nav")).ToContainTextAsync("Deals");
            await Expect(page.Locator("#admin-nav")).ToHaveCountAsync(0);

            foreach (var path in AdminPages)
            {
                await page.GotoAsync($"/t/{crm.Tenant}{path}");
                await ReadyAsync(page);
                await Expect(page.Locator("#admin-refused")).ToBeVisibleAsync();
                await Expect(page.Locator("#admin-title")).ToHaveCountAsync(0);
                await Expect(page.Locator("body")).Not.ToContainTextAsync(crm.Staff);
            }
        });

    [Fact]
    public Task An_admin_installs_a_pack_from_the_catalog() =>
        InBrowserAsync(nameof(An_admin_installs_a_pack_from_the_catalog), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var admin = await App.AddMemberAsync(crm.Tenant, crm.Key, "admin");
            await SignInAsync(page, crm.Tenant, admin, "/admin/packs");
            await Expect(page.Locator("#no-packs")).ToBeVisibleAsync();

            await page.Locator(".catalog-pack[data-pack='core'] .pack-install").ClickAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator(".pack-row[data-pack='core']")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator(".catalog-pack[data-pack='core']")).ToHaveCountAsync(0);
            var installed = await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/packs");
            Assert.Contains(installed.EnumerateArray(), p => p.GetProperty("id").GetString() == "core" && !p.GetProperty("sampleData").GetBoolean());
        });

    [Fact]
    public Task An_admin_is_told_a_pack_holding_records_cannot_be_uninstalled_and_exports_them_first() =>
        InBrowserAsync(nameof(An_admin_is_told_a_pack_holding_records_cannot_be_uninstalled_and_exports_them_first), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var admin = await App.AddMemberAsync(crm.Tenant, crm.Key, "admin");
            var install = await App.Api(crm.Key).PostAsJsonAsync($"/t/{crm.Tenant}/api/packs", new { id = "core", sampleData = true });
            Assert.True(install.IsSuccessStatusCode, await install.Content.ReadAsStringAsync());

            await SignInAsync(page, crm.Tenant, admin, "/admin/packs");
            var pack = page.Locator(".installed-pack[data-pack='core']");
            await pack.Locator(".pack-rollback-check").ClickAsync();
            await Expect(pack.Locator(".pack-message")).ToBeVisibleAsync();
            await pack.Locator(".pack-uninstall").ClickAsync();
            await Expect(pack.Locator(".pack-uninstall-question")).ToBeVisibleAsync();
            await pack.Locator(".pack-uninstall-confirm").ClickAsync(new() { Timeout = 60_000 });
            await Expect(pack.Locator(".pack-records li").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
            var stillInstalled = await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/packs");
            Assert.Contains(stillInstalled.EnumerateArray(), p => p.GetProperty("id").GetString() == "core");

            await pack.Locator(".pack-export-uninstall").ClickAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator("#pack-uninstalled")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator(".pack-export-link").First).ToBeVisibleAsync();
            await Expect(page.Locator(".installed-pack[data-pack='core']")).ToHaveCountAsync(0);
            var href = await page.Locator(".pack-export-link").First.GetAttributeAsync("href");
            Assert.StartsWith("api/packs/exports/", href, StringComparison.Ordinal);
            var export = await App.Api(crm.Key).GetAsync(new Uri($"/t/{crm.Tenant}/{href}", UriKind.Relative));
            Assert.True(export.IsSuccessStatusCode, await export.Content.ReadAsStringAsync());
        });
}
