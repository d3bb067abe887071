using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MimeKit;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Workflows;

namespace Saas.Platform.Tests.Packs;

/// <summary>
/// Workflows as pack components, through the HTTP API on a clock the tests move: each vertical's workflows install
/// published on a fresh tenant and run (mails, field updates, approvals, tasks, schedules and date triggers); retail
/// 1.0.0 → 1.1.0 merges its workflows three ways, keeping the tenant's edit, and a rollback archives what 1.1.0 added.
/// </summary>
public abstract class PackWorkflowsSpec(ClockedApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retail_welcomes_a_member_awards_points_on_a_paid_order_and_wins_back_an_at_risk_member()
    {
        var (api, _) = await TenantWithAsync("pw-retail", ("core", null), ("retail", "1.0.0"));
        var workflows = await WorkflowsAsync(api);
        Assert.Equal(["awardPoints", "welcomeMember", "winBack"], (await ComponentsAsync(api, "retail")).Where(c => c["kind"]!.GetValue<string>() == "workflow").Select(c => c["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(workflows, w => Assert.Equal("published", w["status"]!.GetValue<string>()));

        var email = $"zhang-{Guid.NewGuid():N}@example.com";
        var member = (await api.Records.CreatedAsync("member", new { memberName = "张三", email })).Id;
        await MailAsync(email, "欢迎加入会员计划，张三");

        var order = (await api.Records.CreatedAsync("salesOrder", new { member, subtotal = 128.6m, discount = 10 })).Id;
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("salesOrder", order, new { status = "paid" })).Status);
        await UntilAsync(async () => (await api.Records.GetAsync("salesOrder", order)).Body!["pointsEarned"]?.GetValue<decimal>() == 118m, "the order's points");

        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("member", member, new { recency = 120, frequency = 5 })).Status);
        app.Clock.Advance(TimeSpan.FromDays(8));
        await MailAsync(email, "张三，好久不见！送您一张回归优惠券");
    }

    [Fact]
    public async Task Retail_1_1_0_adds_a_paid_orders_points_to_its_member_once_and_promotes_and_congratulates_a_member_who_crosses_a_tier()
    {
        var (api, _) = await TenantWithAsync("pw-points", ("core", null), ("retail", "1.1.0"));
        var email = $"chen-{Guid.NewGuid():N}@example.com";
        var member = (await api.Records.CreatedAsync("member", new { memberName = "陈静", email, points = 20 })).Id;
        var award = (await WorkflowsAsync(api)).Single(w => w["name"]!.GetValue<string>() == "订单积分")["id"]!.GetValue<string>();

        // 1,288.8 paid: 1,288 points on the order and on the member (20 + 1,288), who passes 1,000 and becomes silver.
        var first = (await api.Records.CreatedAsync("salesOrder", new { member, subtotal = 1298.8m, discount = 10 })).Id;
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("salesOrder", first, new { status = "paid" })).Status);
        await UntilAsync(async () => (await api.Records.GetAsync("member", member)).Body is { } m
            && m["points"]?.GetValue<decimal>() == 1308m && m["tier"]?.GetValue<string>() == "silver", "the member's points and silver tier");
        Assert.Equal(1288m, (await api.Records.GetAsync("salesOrder", first)).Body!["pointsEarned"]!.GetValue<decimal>());
        await MailAsync(email, "恭喜 陈静 升级为 silver 会员");

        // Paid again after a detour: the order already earned its points, so no run starts and nothing is added twice.
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("salesOrder", first, new { status = "completed" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("salesOrder", first, new { status = "paid" })).Status);

        // A second order adds to the balance rather than replacing it; an order without a total earns nothing and leaves it.
        var second = (await api.Records.CreatedAsync("salesOrder", new { member, subtotal = 99.9m })).Id;
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("salesOrder", second, new { status = "paid" })).Status);
        var empty = (await api.Records.CreatedAsync("salesOrder", new { member })).Id;
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("salesOrder", empty, new { status = "paid" })).Status);
        JsonArray runs = [];
        await UntilAsync(async () => (runs = (await api.SendAsync(HttpMethod.Get, $"/runs?workflowId={award}")).Body!.AsArray()).Count == 3
            && runs.All(r => r!["status"]!.GetValue<string>() == "completed"), "three completed award runs");
        Assert.Single(runs, r => r!["recordId"]!.GetValue<string>() == first.ToString());
        var after = (await api.Records.GetAsync("member", member)).Body!;
        Assert.Equal((1407m, "silver"), (after["points"]!.GetValue<decimal>(), after["tier"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Retail_asks_a_manager_to_approve_a_large_refund_and_lets_small_ones_through()
    {
        var (api, root) = await TenantWithAsync("pw-refund", ("core", null), ("retail", "1.1.0"));
        var manager = $"manager-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(api.Tenant, Key(api), manager, "manager");
        var member = (await api.Records.CreatedAsync("member", new { memberName = "王芳" })).Id;
        var order = (await api.Records.CreatedAsync("salesOrder", new { member, subtotal = 1299m })).Id;

        var small = (await api.Records.CreatedAsync("returnRequest", new { salesOrder = order, member, reason = "wrongSize", refundAmount = 129 })).Id;
        var large = (await api.Records.CreatedAsync("returnRequest", new { salesOrder = order, member, reason = "defective", refundAmount = 1299 })).Id;

        var person = await app.SignedInAsync(manager);
        JsonArray mine = [];
        await UntilAsync(async () => (mine = (await person.GetFromJsonAsync<JsonArray>($"{root}/workflows/approvals/mine", Ct))!).Count == 1, "the manager's approval");
        Assert.Equal(large.ToString(), mine[0]!["recordId"]!.GetValue<string>());
        var decided = await person.PostAsJsonAsync($"{root}/workflows/runs/{mine[0]!["runId"]!.GetValue<string>()}/approvals", new { decision = "reject", comment = "超过退货期限" }, Ct);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await UntilAsync(async () => (await api.Records.GetAsync("returnRequest", large)).Body!["status"]?.GetValue<string>() == "rejected", "the rejected status");
        Assert.Equal("requested", (await api.Records.GetAsync("returnRequest", small)).Body!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Finance_asks_a_manager_to_approve_a_loan_and_reminds_of_kyc_expiry()
    {
        var (api, root) = await TenantWithAsync("pw-finance", ("core", null), ("finance", null));
        var manager = $"manager-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(api.Tenant, Key(api), manager, "manager");

        var email = $"li-{Guid.NewGuid():N}@example.com";
        var expires = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(40);
        var client = (await api.Records.CreatedAsync("client", new { clientName = "李四", email, kycExpiresOn = expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) })).Id;
        var loan = (await api.Records.CreatedAsync("loanApplication", new { applicationName = "李四 住房贷款", client, product = "mortgage", amount = 500000 })).Id;
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("loanApplication", loan, new { stage = "approval" })).Status);

        var person = await app.SignedInAsync(manager);
        JsonArray mine = [];
        await UntilAsync(async () => (mine = (await person.GetFromJsonAsync<JsonArray>($"{root}/workflows/approvals/mine", Ct))!).Count == 1, "the manager's approval");
        var decided = await person.PostAsJsonAsync($"{root}/workflows/runs/{mine[0]!["runId"]!.GetValue<string>()}/approvals", new { decision = "approve", comment = "资料齐全" }, Ct);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        await UntilAsync(async () => (await api.Records.GetAsync("loanApplication", loan)).Body!["stage"]?.GetValue<string>() == "approved", "the approved stage");

        app.Clock.Advance(TimeSpan.FromDays(11));
        await MailAsync(email, "请更新您的身份信息（KYC）");
        await TaskAsync(api, "客户 李四 的 KYC 将于");
    }

    [Fact]
    public async Task Service_escalates_a_late_case_surveys_after_a_visit_and_plans_customer_care()
    {
        var (api, _) = await TenantWithAsync("pw-service", ("core", null), ("service", null));
        var now = app.Clock.GetUtcNow();
        var serviceCase = (await api.Records.CreatedAsync("serviceCase", new { subject = "打印机无法联网", resolutionDueAt = now.AddHours(1) })).Id;
        var email = $"wang-{Guid.NewGuid():N}@example.com";
        var visit = (await api.Records.CreatedAsync("fieldVisit", new { technician = "孙浩", scheduledStart = now.AddMinutes(30), contactEmail = email })).Id;
        Assert.Equal(HttpStatusCode.OK, (await api.Records.PatchAsync("fieldVisit", visit, new { status = "completed" })).Status);
        await api.Records.CreatedAsync("warranty", new { serialNumber = $"SN-{Guid.NewGuid():N}", customerName = "王五", startDate = "2026-01-01", endDate = "2028-01-01", coverage = "standard" });

        // The survey waits two hours from when its run reaches the wait, so the clock moves once it waits.
        var survey = (await WorkflowsAsync(api)).Single(w => w["name"]!.GetValue<string>() == "上门服务满意度调查")["id"]!.GetValue<string>();
        await UntilAsync(async () => (await api.SendAsync(HttpMethod.Get, $"/runs?workflowId={survey}")).Body!.AsArray()
            .Any(r => r!["status"]!.GetValue<string>() == "waiting"), "the survey's wait");
        app.Clock.Advance(TimeSpan.FromHours(3));
        await MailAsync(email, "请为本次上门服务打分（");
        await UntilAsync(async () => (await api.Records.GetAsync("serviceCase", serviceCase)).Body is { } body
            && body["escalated"]?.GetValue<bool>() == true && body["slaStatus"]?.GetValue<string>() == "breached", "the escalation");
        await TaskAsync(api, "SLA 已超时");

        app.Clock.Advance(TimeSpan.FromDays(32));
        await TaskAsync(api, "客户关怀回访：王五");
    }

    [Fact]
    public async Task Retail_1_1_0_applies_the_publishers_changes_keeps_the_tenants_edits_and_rolls_back_to_archive_what_it_added()
    {
        var (api, root) = await TenantWithAsync("pw-upgrade", ("core", null), ("retail", "1.0.0"));
        var welcome = (await WorkflowsAsync(api)).Single(w => w["name"]!.GetValue<string>() == "欢迎新会员")["id"]!.GetValue<string>();

        // The tenant's edits: the tier's English label, the welcome mail's subject (saved and published) and the English
        // message of the discount rule.
        var tier = await api.ApiAsync(HttpMethod.Patch, "/metadata/entities/member/fields/tier", new { label = new Dictionary<string, string> { ["en"] = "Membership level", ["zh-CN"] = "会员等级" } });
        Assert.True(tier.Status == HttpStatusCode.OK, tier.Body?.ToJsonString());
        var draft = (await api.SendAsync(HttpMethod.Get, $"/{welcome}")).Body!["draft"]!.DeepClone().AsObject();
        draft["steps"]![0]!["subject"] = "{{ record.memberName }}，欢迎您！";
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Put, $"/{welcome}", draft)).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Post, $"/{welcome}/publish")).Status);
        var rule = await api.ApiAsync(HttpMethod.Patch, $"{DiscountRule}", new { errorMessage = new Dictionary<string, string> { ["en"] = "Discount too high", ["zh-CN"] = "折扣不能超过小计金额。" } });
        Assert.True(rule.Status == HttpStatusCode.OK, rule.Body?.ToJsonString());

        var dry = await PostAsync(api, "/packs/retail/upgrade", new { version = "1.1.0", dryRun = true });
        Assert.Equal(0, dry["conflicts"]!.GetValue<int>());
        Assert.Equal("added", Change(dry, "tierUpgrade", null));
        Assert.Equal("added", Change(dry, "refundApproval", null));
        Assert.Equal("added", Change(dry, "member.wechatId", null));
        Assert.Equal("updated", Change(dry, "welcomeMember", "description"));
        Assert.Equal("updated", Change(dry, "welcomeMember", "steps"));
        Assert.Equal("updated", Change(dry, "welcomeMember", "steps.greet"));
        Assert.Null(Change(dry, "welcomeMember", "steps.welcome"));
        Assert.Equal("updated", Change(dry, "salesOrder.pointsEarned", "label.en"));
        Assert.Equal("added", Change(dry, "member.pointsNotNegative", null));
        Assert.Equal("updated", Change(dry, "salesOrder.discountWithinSubtotal", "errorMessage.zh-CN"));
        Assert.Null(Change(dry, "salesOrder.discountWithinSubtotal", "errorMessage.en"));

        var applied = await PostAsync(api, "/packs/retail/upgrade", new { version = "1.1.0" });
        Assert.True(JsonNode.DeepEquals(dry["changes"], applied["changes"]), applied.ToJsonString());
        var member = (await api.ApiAsync(HttpMethod.Get, "/metadata/entities/member")).Body!;
        Assert.Equal("Membership level", FieldOf(member, "tier")["label"]!["en"]!.GetValue<string>());
        Assert.Equal("微信号", FieldOf(member, "wechatId")["label"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal("Loyalty points earned", FieldOf((await api.ApiAsync(HttpMethod.Get, "/metadata/entities/salesOrder")).Body!, "pointsEarned")["label"]!["en"]!.GetValue<string>());
        var upgraded = (await api.SendAsync(HttpMethod.Get, $"/{welcome}")).Body!;
        Assert.Equal(3, upgraded["publishedVersion"]!.GetValue<int>());
        Assert.Equal(["welcome", "greet"], upgraded["draft"]!["steps"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal("{{ record.memberName }}，欢迎您！", upgraded["draft"]!["steps"]![0]!["subject"]!.GetValue<string>());
        var message = (await api.ApiAsync(HttpMethod.Get, DiscountRule)).Body!["errorMessage"]!;
        Assert.Equal(("Discount too high", "折扣金额不能大于订单小计，请核对。"), (message["en"]!.GetValue<string>(), message["zh-CN"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Records.CreateAsync("member", new { memberName = "负积分", points = -5 })).Status);
        var added = (await WorkflowsAsync(api)).Single(w => w["name"]!.GetValue<string>() == "会员升级祝贺");
        Assert.Equal("published", added["status"]!.GetValue<string>());

        // The new version's workflows run: the welcome mail has the tenant's subject, and the greeting task follows.
        var email = $"zhao-{Guid.NewGuid():N}@example.com";
        await api.Records.CreatedAsync("member", new { memberName = "赵六", email });
        await MailAsync(email, "赵六，欢迎您！");
        await TaskAsync(api, "新会员 赵六 到店时");

        // Rollback: the workflow 1.1.0 added is archived (kept, with its versions, no longer started); the welcome
        // workflow loses the publisher's step and keeps the tenant's subject.
        await PostAsync(api, "/packs/retail/rollback", new { });
        var archived = (await api.SendAsync(HttpMethod.Get, $"/{added["id"]!.GetValue<string>()}")).Body!;
        Assert.Null(archived["publishedVersion"]);
        Assert.Equal("archived", archived["versions"]![0]!["status"]!.GetValue<string>());
        var back = (await api.SendAsync(HttpMethod.Get, $"/{welcome}")).Body!;
        Assert.Equal(["welcome"], back["draft"]!["steps"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        Assert.Equal("{{ record.memberName }}，欢迎您！", back["draft"]!["steps"]![0]!["subject"]!.GetValue<string>());
        var pack = (await api.ApiAsync(HttpMethod.Get, "/packs/retail")).Body!;
        Assert.False((await api.ApiAsync(HttpMethod.Get, "/metadata/entities/member/rules/pointsNotNegative")).Body!["active"]!.GetValue<bool>());
        message = (await api.ApiAsync(HttpMethod.Get, DiscountRule)).Body!["errorMessage"]!;
        Assert.Equal(("Discount too high", "折扣不能超过小计金额。"), (message["en"]!.GetValue<string>(), message["zh-CN"]!.GetValue<string>()));
        Assert.NotNull(pack["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "tierUpgrade")!["deprecatedAt"]);

        // Uninstall deletes the pack's workflows; their runs stay.
        Assert.Equal(HttpStatusCode.OK, (await api.ApiAsync(HttpMethod.Delete, "/packs/retail?exportAndDelete=true")).Status);
        Assert.DoesNotContain(await WorkflowsAsync(api), w => w["name"]!.GetValue<string>() == "欢迎新会员");
        Assert.NotEmpty((await api.SendAsync(HttpMethod.Get, $"/runs?workflowId={welcome}")).Body!.AsArray());
    }

    private const string DiscountRule = "/metadata/entities/salesOrder/rules/discountWithinSubtotal";

    private readonly Dictionary<string, string> keys = [];

    private string Key(WorkflowsClient api) => keys[api.Tenant];

    private async Task<(WorkflowsClient Api, string Root)> TenantWithAsync(string prefix, params (string Id, string? Version)[] packs)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        keys[tenant.Identifier] = key;
        var client = app.ClientWithKey(key);
        client.Timeout = TimeSpan.FromMinutes(10);
        var api = new WorkflowsClient(client, tenant.Identifier);
        foreach (var (id, version) in packs)
        {
            var installed = await api.ApiAsync(HttpMethod.Post, "/packs", new { id, version });
            Assert.True(installed.Status == HttpStatusCode.Created, installed.Body?.ToJsonString());
        }

        return (api, $"/t/{tenant.Identifier}/api");
    }

    private static async Task<List<JsonNode>> WorkflowsAsync(WorkflowsClient api) =>
        [.. (await api.SendAsync(HttpMethod.Get, string.Empty)).Body!.AsArray().Select(w => w!)];

    private static async Task<List<JsonNode>> ComponentsAsync(WorkflowsClient api, string pack) =>
        [.. (await api.ApiAsync(HttpMethod.Get, $"/packs/{pack}")).Body!["components"]!.AsArray().Select(c => c!)];

    private static async Task<JsonObject> PostAsync(WorkflowsClient api, string path, object body)
    {
        var answer = await api.ApiAsync(HttpMethod.Post, path, body);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return answer.Body!.AsObject();
    }

    private static string? Change(JsonObject report, string component, string? property) =>
        report["changes"]!.AsArray().FirstOrDefault(c => c!["component"]!.GetValue<string>() == component && c["property"]?.GetValue<string>() == property)?["change"]!.GetValue<string>();

    private static JsonObject FieldOf(JsonNode entity, string field) =>
        entity["fields"]!.AsArray().Single(f => f!["apiName"]!.GetValue<string>() == field)!.AsObject();

    private async Task MailAsync(string to, string subjectStart) =>
        await UntilAsync(() => Task.FromResult(app.MailFiles().Select(path => MimeMessage.Load(path))
            .Any(m => m.To.Mailboxes.Any(a => a.Address == to) && m.Subject?.StartsWith(subjectStart, StringComparison.Ordinal) == true)), $"a mail to {to} '{subjectStart}'");

    private static async Task TaskAsync(WorkflowsClient api, string subjectStart) =>
        await UntilAsync(async () => (await api.ApiAsync(HttpMethod.Get, "/data/activity?$top=500")).Body!["value"]!.AsArray()
            .Any(t => t!["subject"]?.GetValue<string>().StartsWith(subjectStart, StringComparison.Ordinal) == true), $"a task '{subjectStart}'");

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"Waited in vain for {what}.");
    }
}

[Collection(ClockedOnSqlite.Name)]
public sealed class PackWorkflowsOnSqlite(ClockedSqliteApp app) : PackWorkflowsSpec(app);

[Collection(ClockedOnPostgres.Name)]
public sealed class PackWorkflowsOnPostgres(ClockedPostgresApp app) : PackWorkflowsSpec(app);
