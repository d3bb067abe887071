using System.Net.Http.Json;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

/// <summary>The Dashboards page: an admin's dashboard of reports, drawn for a member of staff, in English and Chinese.</summary>
[Collection(InTheBrowser.Name)]
public sealed class DashboardsSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_opens_the_dashboards_page_and_sees_each_widgets_figures_and_chart() =>
        InBrowserAsync(nameof(A_member_opens_the_dashboards_page_and_sees_each_widgets_figures_and_chart), async page =>
        {
            var crm = await Crm.CreateAsync(App, "dash");
            await crm.AddDealAsync(App, "Alpha", 1200);
            await crm.AddDealAsync(App, "Beta", 800);
            await crm.AddDealAsync(App, "Gamma", 5000, "won");
            var created = await App.Api(crm.Key).PostAsJsonAsync($"/t/{crm.Tenant}/api/dashboards", new
            {
                apiName = "pipeline",
                label = new Dictionary<string, string> { ["en"] = "Pipeline", ["zh-CN"] = "销售漏斗" },
                widgets = new object[]
                {
                    new { title = new Dictionary<string, string> { ["en"] = "Open amount", ["zh-CN"] = "未结金额" }, chart = "metric", entity = "deal", aggregate = "sum", field = "amount", filter = "stage ne 'won'" },
                    new { title = new Dictionary<string, string> { ["en"] = "Deals by stage" }, chart = "bar", entity = "deal", groupBy = "stage" },
                    new { title = new Dictionary<string, string> { ["en"] = "Amount by stage" }, chart = "pie", entity = "deal", groupBy = "stage", aggregate = "sum", field = "amount" },
                },
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

            await SignInAsync(page, crm.Tenant, crm.Staff);
            await page.ClickAsync("#nav-dashboards");
            await Expect(page.Locator("#dashboard-title")).ToHaveTextAsync("Pipeline");
            var widgets = page.Locator(".dashboard-widget");
            await Expect(widgets).ToHaveCountAsync(3);
            await Expect(widgets.Nth(0).Locator(".widget-metric")).ToHaveTextAsync("2,000");
            await Expect(widgets.Nth(1).Locator("svg").First).ToBeVisibleAsync();
            await Expect(widgets.Nth(1).Locator(".widget-table")).ToContainTextAsync("Prospecting");
            await Expect(widgets.Nth(2).Locator(".widget-table")).ToContainTextAsync("5,000");

            await page.GotoAsync($"/t/{crm.Tenant}/culture?culture=zh-CN&redirectUri={Uri.EscapeDataString($"/t/{crm.Tenant}/dashboards")}");
            await Expect(page.Locator("#dashboard-title")).ToHaveTextAsync("销售漏斗");
            await Expect(page.Locator(".dashboard-widget").Nth(0).Locator(".widget-title")).ToHaveTextAsync("未结金额");
            await Expect(page.Locator(".dashboard-widget").Nth(1).Locator(".widget-table")).ToContainTextAsync("初步接触");
        });
}
