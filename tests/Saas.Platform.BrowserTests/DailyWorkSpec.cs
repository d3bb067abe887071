using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Saas.Platform.BrowserTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Saas.Platform.BrowserTests;

/// <summary>The daily-work pages: the pipeline board, the record timeline, global search, my tasks and the approvals inbox.</summary>
[Collection(InTheBrowser.Name)]
public sealed partial class DailyWorkSpec(StaffApp app, Chromium chromium) : BrowserSpec(app, chromium)
{
    [Fact]
    public Task A_member_drags_a_card_to_another_column_moves_one_by_its_menu_and_is_told_when_a_card_was_stale() =>
        InBrowserAsync(nameof(A_member_drags_a_card_to_another_column_moves_one_by_its_menu_and_is_told_when_a_card_was_stale), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var alpha = await crm.AddDealAsync(App, "Alpha one", 100);
            var beta = await crm.AddDealAsync(App, "Beta two", 200);

            await SignInAsync(page, crm.Tenant, crm.Staff, "/board/deal?field=stage");
            var prospecting = page.Locator("section[data-column='prospecting']");
            var won = page.Locator("section[data-column='won']");
            await Expect(prospecting.Locator("[data-card]")).ToHaveCountAsync(2);
            await Expect(won.Locator("header")).ToContainTextAsync("Won");

            await DragAsync(page.Locator($"[data-card='{alpha}']"), won);
            await Expect(won.Locator($"[data-card='{alpha}']")).ToBeVisibleAsync();
            await Expect(prospecting.Locator("[data-card]")).ToHaveCountAsync(1);
            Assert.Equal("won", await StageAsync(crm, alpha));

            await page.Locator($"[data-card='{beta}'] select").SelectOptionAsync("won");
            await Expect(won.Locator("[data-card]")).ToHaveCountAsync(2);
            Assert.Equal("won", await StageAsync(crm, beta));

            // Someone else changes Alpha meanwhile: the board's card is stale and the move is refused with a message.
            (await App.Api(crm.Key).PatchAsJsonAsync($"/t/{crm.Tenant}/api/data/deal/{alpha}", new { amount = 150 })).EnsureSuccessStatusCode();
            await page.Locator($"[data-card='{alpha}'] select").SelectOptionAsync("prospecting");
            await Expect(page.Locator("#board-message")).ToContainTextAsync("changed by someone else");
            Assert.Equal("won", await StageAsync(crm, alpha));
        });

    [Fact]
    public Task On_a_phone_in_Chinese_the_board_shows_translated_columns_and_moves_a_card_by_its_menu() =>
        InBrowserAsync(nameof(On_a_phone_in_Chinese_the_board_shows_translated_columns_and_moves_a_card_by_its_menu), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var deal = await crm.AddDealAsync(App, "Epsilon five", 100);
            await page.SetViewportSizeAsync(390, 844);

            await SignInAsync(page, crm.Tenant, crm.Staff, "/board/deal");
            await page.GotoAsync($"/t/{crm.Tenant}/culture?culture=zh-CN&redirectUri={Uri.EscapeDataString($"/t/{crm.Tenant}/board/deal")}");
            await ReadyAsync(page);
            await Expect(page.Locator("#board-title")).ToContainTextAsync("看板");
            await Expect(page.Locator("section[data-column='prospecting'] header")).ToContainTextAsync("初步接触");
            await Expect(page.Locator("section[data-column='won'] header")).ToContainTextAsync("赢单");
            var card = page.Locator($"[data-card='{deal}']");
            await Expect(card).ToBeInViewportAsync();

            await card.Locator("select").SelectOptionAsync("won");
            await Expect(page.Locator($"section[data-column='won'] [data-card='{deal}']")).ToBeAttachedAsync();
            Assert.Equal("won", await StageAsync(crm, deal));
        });

    [Fact]
    public Task A_member_logs_a_call_on_a_record_and_sees_it_on_the_timeline_with_the_field_history() =>
        InBrowserAsync(nameof(A_member_logs_a_call_on_a_record_and_sees_it_on_the_timeline_with_the_field_history), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddActivitiesAsync(App);
            var deal = await crm.AddDealAsync(App, "Gamma three", 300);
            (await App.Api(crm.Key).PatchAsJsonAsync($"/t/{crm.Tenant}/api/data/deal/{deal}", new { amount = 350 })).EnsureSuccessStatusCode();

            await SignInAsync(page, crm.Tenant, crm.Staff, $"/records/deal/{deal}");
            await page.GetByRole(Microsoft.Playwright.AriaRole.Tab, new() { Name = "Timeline" }).ClickAsync();
            await Expect(page.Locator(".timeline-item[data-kind='change']").First).ToContainTextAsync("Amount");

            await page.ClickAsync("#log-call");
            await page.FillAsync("#log-subject", "Called about the renewal");
            await page.FillAsync("#log-details", "Wants a quote by Friday");
            await page.ClickAsync("#log-save");
            var call = page.Locator(".timeline-item[data-kind='activity']");
            await Expect(call).ToContainTextAsync("Called about the renewal");
            await Expect(call).ToContainTextAsync("Wants a quote by Friday");
            await Expect(page.Locator(".timeline-item").First).ToHaveAttributeAsync("data-kind", "activity");

            var listed = await App.Api(crm.Key).GetStringAsync($"/t/{crm.Tenant}/api/data/activity?$filter=deal eq {deal}");
            Assert.Contains("Called about the renewal", listed, StringComparison.Ordinal);
            Assert.Contains("\"call\"", listed, StringComparison.Ordinal);
        });

    [Fact]
    public Task A_member_finds_a_record_from_the_search_box_and_opens_the_results_page_with_enter() =>
        InBrowserAsync(nameof(A_member_finds_a_record_from_the_search_box_and_opens_the_results_page_with_enter), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var deal = await crm.AddDealAsync(App, "Zephyr renewal", 500);
            await crm.AddDealAsync(App, "Other deal", 600);

            await SignInAsync(page, crm.Tenant, crm.Staff);
            await page.FillAsync("#global-search", "Zephyr");
            await Expect(page.Locator("#search-panel [data-group='deal']")).ToHaveTextAsync("Deals");
            await Expect(page.Locator("#search-panel .search-hit")).ToHaveTextAsync("Zephyr renewal");

            await page.PressAsync("#global-search", "Enter");
            await Expect(page).ToHaveURLAsync(new Regex("/search\\?q=Zephyr$"));
            await Expect(page.Locator(".search-result")).ToHaveCountAsync(1);
            await page.Locator(".search-result a").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/records/deal/{deal}$"));
        });

    [Fact]
    public Task A_member_sees_their_open_tasks_soonest_first_and_completes_one() =>
        InBrowserAsync(nameof(A_member_sees_their_open_tasks_soonest_first_and_completes_one), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            await crm.AddActivitiesAsync(App);
            var owner = await crm.UserIdAsync(App, crm.Staff);
            var later = await AddActivityAsync(crm, new { subject = "Send the quote", activityType = "task", status = "open", dueAt = "2030-05-02T09:00:00Z", ownerId = owner });
            await AddActivityAsync(crm, new { subject = "Call back", activityType = "task", status = "open", dueAt = "2030-05-01T09:00:00Z", ownerId = owner });
            await AddActivityAsync(crm, new { subject = "Already done", activityType = "task", status = "done", ownerId = owner });
            await AddActivityAsync(crm, new { subject = "A logged call", activityType = "call", status = "open", ownerId = owner });
            await AddActivityAsync(crm, new { subject = "Not mine", activityType = "task", status = "open" });

            await SignInAsync(page, crm.Tenant, crm.Staff, "/tasks");
            await Expect(page.Locator(".task-row")).ToHaveCountAsync(2);
            await Expect(page.Locator(".task-row").First).ToContainTextAsync("Call back");

            await page.Locator($"[data-task='{later}'] .task-complete").ClickAsync();
            await Expect(page.Locator(".task-row")).ToHaveCountAsync(1);
            var done = await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/data/activity/{later}");
            Assert.Equal("done", done.GetProperty("status").GetString());
        });

    [Fact]
    public Task An_approver_sees_a_new_approval_arrive_in_the_open_inbox_approves_it_with_a_comment_and_the_workflow_goes_on() =>
        InBrowserAsync(nameof(An_approver_sees_a_new_approval_arrive_in_the_open_inbox_approves_it_with_a_comment_and_the_workflow_goes_on), async page =>
        {
            var crm = await Crm.CreateAsync(App);
            var admin = App.Api(crm.Key);
            var created = await admin.PostAsJsonAsync($"/t/{crm.Tenant}/api/workflows", new
            {
                name = "Approve big deals",
                trigger = new { type = "recordCreated", entity = "deal" },
                steps = new object[]
                {
                    new
                    {
                        id = "ask", type = "approval", approvers = new[] { crm.Staff }, timeout = "P1D",
                        approved = new object[] { new { id = "yes", type = "updateFields", values = new Dictionary<string, string> { ["stage"] = "'won'" } } },
                        rejected = Array.Empty<object>(),
                    },
                },
            });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            var workflow = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            (await admin.PostAsync($"/t/{crm.Tenant}/api/workflows/{workflow}/publish", null)).EnsureSuccessStatusCode();

            // The inbox is open before the deal exists: the approval arrives without a reload.
            await SignInAsync(page, crm.Tenant, crm.Staff, "/approvals");
            await Expect(page.Locator("#no-approvals")).ToBeVisibleAsync();
            var deal = await crm.AddDealAsync(App, "Delta four", 9000);
            await UntilAsync(async () => (await admin.GetStringAsync($"/t/{crm.Tenant}/api/workflows/runs?status=waiting")).Contains(deal, StringComparison.Ordinal));
            await Expect(page.Locator(".approval")).ToHaveCountAsync(1);
            await Expect(page.Locator(".approval")).ToContainTextAsync("Approve big deals");
            await Expect(page.Locator(".approval-record")).ToHaveTextAsync("Delta four");
            await page.FillAsync(".approval-comment", "Good margin");
            await page.ClickAsync(".approval-approve");
            await Expect(page.Locator("#no-approvals")).ToBeVisibleAsync();

            await UntilAsync(async () => await StageAsync(crm, deal) == "won");
            var runs = await admin.GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/workflows/runs");
            var run = runs.EnumerateArray().First(r => r.GetProperty("recordId").GetString() == deal).GetProperty("id").GetString();
            var detail = await admin.GetStringAsync($"/t/{crm.Tenant}/api/workflows/runs/{run}");
            Assert.Contains("Good margin", detail, StringComparison.Ordinal);
        });

    /// <summary>
    /// The DOM events a drag and drop fires, in their order, with one shared DataTransfer (Playwright's mouse-driven
    /// DragToAsync did not start an HTML5 drag in headless Chromium here).
    /// </summary>
    private static async Task DragAsync(Microsoft.Playwright.ILocator card, Microsoft.Playwright.ILocator column)
    {
        var transfer = await card.Page.EvaluateHandleAsync("() => new DataTransfer()");
        await card.DispatchEventAsync("dragstart", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await column.DispatchEventAsync("dragenter", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await column.DispatchEventAsync("dragover", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await column.DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });
        await card.DispatchEventAsync("dragend", new Dictionary<string, object> { ["dataTransfer"] = transfer });
    }

    private async Task<string?> StageAsync(Crm crm, string id) =>
        (await App.Api(crm.Key).GetFromJsonAsync<JsonElement>($"/t/{crm.Tenant}/api/data/deal/{id}")).GetProperty("stage").GetString();

    private async Task<string> AddActivityAsync(Crm crm, object values)
    {
        var response = await App.Api(crm.Key).PostAsJsonAsync($"/t/{crm.Tenant}/api/data/activity", values);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Waits for the workflow engine (it runs in the background) to reach a state, failing after a generous bound.</summary>
    private static async Task UntilAsync(Func<Task<bool>> reached)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await reached())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The workflow did not get there.");
    }
}
