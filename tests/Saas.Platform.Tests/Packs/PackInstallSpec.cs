using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs;

/// <summary>Installing packs of the catalog over HTTP: core then retail with sample data, refusals, and a failed install that leaves nothing.</summary>
public abstract class PackInstallSpec(PlatformApp app)
{
    private static readonly string[] RetailOnly = ["retail"];
    private static readonly string[] CoreAndRetail = ["core", "retail"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Core_then_retail_install_with_their_sample_data_and_chinese_labels()
    {
        var (tenant, key) = await app.CreateTenantAsync("packs");
        var client = Client(key);
        var root = $"/t/{tenant.Identifier}/api";

        var retailFirst = await client.PostAsJsonAsync($"{root}/packs", new { id = "retail", version = "1.0.0", sampleData = true }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, retailFirst.StatusCode);

        var core = await client.PostAsJsonAsync($"{root}/packs", new { id = "core", version = "1.0.0", sampleData = true }, Ct);
        Assert.True(core.StatusCode == HttpStatusCode.Created, await core.Content.ReadAsStringAsync(Ct));
        var retail = await client.PostAsJsonAsync($"{root}/packs", new { id = "retail", version = "1.0.0", sampleData = true }, Ct);
        Assert.True(retail.StatusCode == HttpStatusCode.Created, await retail.Content.ReadAsStringAsync(Ct));

        var installed = (await client.GetFromJsonAsync<JsonArray>($"{root}/packs", Ct))!;
        Assert.Equal(["core", "retail"], installed.Select(p => p!["id"]!.GetValue<string>()));
        Assert.All(installed, p => Assert.Equal("1.0.0", p!["version"]!.GetValue<string>()));

        // Sample data is there, through the record service: counted, with lookups resolved.
        Assert.Equal(12, await CountAsync(client, $"{root}/data/account"));
        Assert.True(await CountAsync(client, $"{root}/data/member") >= 24);
        var opportunity = (await client.GetFromJsonAsync<JsonObject>($"{root}/data/opportunity?$top=1&$expand=account", Ct))!["value"]![0]!;
        Assert.NotNull(opportunity["account"]);

        // Labels carry the pack's Chinese translations, picklist values too.
        var account = (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/account", Ct))!;
        Assert.Equal("客户", account["label"]!["zh-CN"]!.GetValue<string>());
        var stage = (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/opportunity", Ct))!["fields"]!.AsArray().Single(f => f!["apiName"]!.GetValue<string>() == "stage")!;
        Assert.Contains(stage["settings"]!["values"]!.AsArray(), v => v!["label"]!["zh-CN"]?.GetValue<string>() == "赢单");

        // Provenance: the pack lists what it installed; the audit log says who installed it.
        var detail = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/core", Ct))!;
        var components = detail["components"]!.AsArray();
        Assert.Contains(components, c => c!["kind"]!.GetValue<string>() == "entity" && c["name"]!.GetValue<string>() == "opportunity");
        Assert.Contains(components, c => c!["kind"]!.GetValue<string>() == "field" && c["name"]!.GetValue<string>() == "opportunity.stage");
        Assert.Contains(components, c => c!["kind"]!.GetValue<string>() == "permissionSet");
        var audit = await client.GetStringAsync($"{root}/audit", Ct);
        Assert.Contains("pack.installed", audit, StringComparison.Ordinal);

        var sets = (await client.GetFromJsonAsync<JsonArray>($"{root}/access/permission-sets", Ct))!;
        Assert.Contains(sets, s => s!["name"]!.GetValue<string>() == "CRM staff" && s["roles"]!.AsArray().Any(r => r!.GetValue<string>() == TenantRoles.Staff));

        var again = await client.PostAsJsonAsync($"{root}/packs", new { id = "core" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Finance_installs_on_core_with_its_sample_data()
    {
        var (tenant, key) = await app.CreateTenantAsync("packs-fin");
        var client = Client(key);
        var root = $"/t/{tenant.Identifier}/api";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"{root}/packs", new { id = "core" }, Ct)).StatusCode);
        var finance = await client.PostAsJsonAsync($"{root}/packs", new { id = "finance", sampleData = true }, Ct);
        Assert.True(finance.StatusCode == HttpStatusCode.Created, await finance.Content.ReadAsStringAsync(Ct));

        Assert.Equal(16, await CountAsync(client, $"{root}/data/client"));
        Assert.Equal(12, await CountAsync(client, $"{root}/data/loanApplication"));
        var loan = (await client.GetFromJsonAsync<JsonObject>($"{root}/data/loanApplication?$top=1&$expand=client", Ct))!["value"]![0]!;
        Assert.NotNull(loan["client"]);
        Assert.NotNull(loan["totalInterest"]);
        var entity = (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/loanApplication", Ct))!;
        Assert.Equal("贷款申请", entity["label"]!["zh-CN"]!.GetValue<string>());
    }

    [Fact]
    public async Task Service_installs_on_core_with_its_sample_data_and_chinese_labels()
    {
        var (tenant, key) = await app.CreateTenantAsync("packs-svc");
        var client = Client(key);
        var root = $"/t/{tenant.Identifier}/api";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"{root}/packs", new { id = "core" }, Ct)).StatusCode);
        var service = await client.PostAsJsonAsync($"{root}/packs", new { id = "service", sampleData = true }, Ct);
        Assert.True(service.StatusCode == HttpStatusCode.Created, await service.Content.ReadAsStringAsync(Ct));

        Assert.Equal(10, await CountAsync(client, $"{root}/data/serviceCase"));
        Assert.Equal(6, await CountAsync(client, $"{root}/data/fieldVisit"));
        Assert.Equal(4, await CountAsync(client, $"{root}/data/rma"));
        var visit = (await client.GetFromJsonAsync<JsonObject>($"{root}/data/fieldVisit?$filter=technician eq '黄磊'&$expand=serviceCase", Ct))!["value"]![0]!;
        Assert.NotNull(visit["serviceCase"]);
        Assert.Equal(("completed", 5), (visit["status"]!.GetValue<string>(), visit["surveyScore"]!.GetValue<int>()));
        var entity = (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/serviceCase", Ct))!;
        Assert.Equal("服务工单", entity["label"]!["zh-CN"]!.GetValue<string>());
        var sla = entity["fields"]!.AsArray().Single(f => f!["apiName"]!.GetValue<string>() == "slaStatus")!;
        Assert.Contains(sla["settings"]!["values"]!.AsArray(), v => v!["label"]!["zh-CN"]?.GetValue<string>() == "已超时");
    }

    [Fact]
    public async Task A_pack_that_fails_half_way_leaves_the_tenant_as_it_was()
    {
        var (tenant, key) = await app.CreateTenantAsync("packs-fail");
        var client = Client(key);
        var root = $"/t/{tenant.Identifier}/api";
        var entitiesBefore = await client.GetStringAsync($"{root}/metadata/entities", Ct);
        var auditBefore = (await client.GetFromJsonAsync<JsonArray>($"{root}/audit", Ct))!.Count;

        var response = await client.PostAsJsonAsync($"{root}/packs", new { id = "failing", sampleData = true }, Ct);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.Contains(body["problems"]!.AsArray(), p =>
            p!["file"]!.GetValue<string>() == "data/gadget.csv" && p["path"]!.GetValue<string>().StartsWith("rows[2] (line 4).contactEmail", StringComparison.Ordinal));

        Assert.Equal(entitiesBefore, await client.GetStringAsync($"{root}/metadata/entities", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{root}/data/gadget", Ct)).StatusCode);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>($"{root}/packs", Ct))!);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>($"{root}/access/permission-sets", Ct))!);
        Assert.Equal(auditBefore, (await client.GetFromJsonAsync<JsonArray>($"{root}/audit", Ct))!.Count);

        // The metadata cache did not keep what the rolled-back install saw: a new entity works as if nothing happened.
        var entity = await client.PostAsJsonAsync($"{root}/metadata/entities", new
        {
            apiName = "gadget",
            label = new { en = "Gadget" },
            pluralLabel = new { en = "Gadgets" },
            fields = new[] { new { apiName = "name2", label = new { en = "Name" }, type = "text" } },
        }, Ct);
        Assert.True(entity.IsSuccessStatusCode, await entity.Content.ReadAsStringAsync(Ct));
        var fields = (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/gadget", Ct))!["fields"]!.AsArray();
        Assert.Equal(["name2"], fields.Select(f => f!["apiName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_pack_that_breaks_the_rules_is_refused_with_file_path_and_reason()
    {
        var (tenant, key) = await app.CreateTenantAsync("packs-bad");
        var client = Client(key);
        var response = await client.PostAsJsonAsync($"/t/{tenant.Identifier}/api/packs", new { id = "broken_refs" }, Ct);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = body["problems"]!.AsArray().Select(p => (p!["file"]!.GetValue<string>(), p["path"]!.GetValue<string>())).ToList();
        Assert.Contains(("entities/store.yaml", "fields[2].target"), problems);
        Assert.Contains(("pack.yaml", "version"), problems);
        Assert.NotNull(body["errors"]!["entities/store.yaml:fields[2].target"]);

        var missing = await client.PostAsJsonAsync($"/t/{tenant.Identifier}/api/packs", new { id = "nope" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var wrongVersion = await client.PostAsJsonAsync($"/t/{tenant.Identifier}/api/packs", new { id = "core", version = "9.9.9" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, wrongVersion.StatusCode);
        var noId = await client.PostAsJsonAsync($"/t/{tenant.Identifier}/api/packs", new { sampleData = true }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, noId.StatusCode);
    }

    [Fact]
    public async Task Only_admins_install_and_another_tenant_sees_none_of_it()
    {
        var (a, aKey) = await app.CreateTenantAsync("packs-a");
        var (b, bKey) = await app.CreateTenantAsync("packs-b");
        var installed = await Client(aKey).PostAsJsonAsync($"/t/{a.Identifier}/api/packs", new { id = "core" }, Ct);
        Assert.Equal(HttpStatusCode.Created, installed.StatusCode);

        Assert.Empty((await Client(bKey).GetFromJsonAsync<JsonArray>($"/t/{b.Identifier}/api/packs", Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(bKey).GetAsync($"/t/{b.Identifier}/api/packs/core", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client(bKey).GetAsync($"/t/{b.Identifier}/api/metadata/entities/account", Ct)).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await Client(bKey).GetAsync($"/t/{a.Identifier}/api/packs", Ct)).StatusCode);

        var staffKey = await StaffKeyAsync(a.Identifier, aKey);
        var refused = await Client(staffKey).PostAsJsonAsync($"/t/{a.Identifier}/api/packs", new { id = "retail" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_new_tenant_can_start_with_packs()
    {
        var identifier = $"packs-new-{Guid.NewGuid().ToString("N")[..8]}";
        var refused = await Client(PlatformApp.OperatorKey).PostAsJsonAsync("/api/tenants", new { identifier, name = "New", packs = RetailOnly }, Ct);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.NotNull(problem["errors"]!["packs[0]"]);
        Assert.DoesNotContain(identifier, await Client(PlatformApp.OperatorKey).GetStringAsync("/api/tenants", Ct), StringComparison.Ordinal);

        var created = await Client(PlatformApp.OperatorKey).PostAsJsonAsync("/api/tenants", new { identifier, name = "New", packs = CoreAndRetail }, Ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["apiKey"]!["secret"]!.GetValue<string>();
        var client = Client(key);
        Assert.Equal(["core", "retail"], (await client.GetFromJsonAsync<JsonArray>($"/t/{identifier}/api/packs", Ct))!.Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(0, await CountAsync(client, $"/t/{identifier}/api/data/salesOrder"));
    }

    /// <summary>An install with sample data writes a few hundred records in one request: on a loaded machine that can outlast HttpClient's 100 s default.</summary>
    private HttpClient Client(string key)
    {
        var client = app.ClientWithKey(key);
        client.Timeout = TimeSpan.FromMinutes(10);
        return client;
    }

    private async Task<string> StaffKeyAsync(string tenant, string adminKey)
    {
        var response = await Client(adminKey).PostAsJsonAsync($"/t/{tenant}/api/keys", new { name = "staff", role = TenantRoles.Staff }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["secret"]!.GetValue<string>();
    }

    private static async Task<int> CountAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonObject>($"{url}?$count=true&$top=1", Ct))!["@odata.count"]!.GetValue<int>();
}

[Collection(OnSqlite.Name)]
public sealed class PackInstallOnSqlite(SqliteApp app) : PackInstallSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackInstallOnPostgres(PostgresApp app) : PackInstallSpec(app);
