using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs;

/// <summary>
/// Extensions: retail 1.1.0 adds a <c>member</c> lookup to the core pack's activity and note entities, so calls and notes
/// can be about a member. The fields arrive with an install or an upgrade, belong to retail, and leave with it.
/// </summary>
public abstract class PackExtensionSpec(PlatformApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retail_adds_a_member_lookup_to_core_activities_which_then_link_calls_to_members()
    {
        var (client, root) = await TenantAsync("ext-install");
        await InstallAsync(client, root, "core", "1.0.0");
        await InstallAsync(client, root, "retail", "1.1.0");

        var activity = await EntityAsync(client, root, "activity");
        var member = Field(activity, "member")!;
        Assert.Equal("member", member["settings"]!["targetEntity"]!.GetValue<string>());
        var coreOrders = activity["fields"]!.AsArray().Where(f => f!["apiName"]!.GetValue<string>() != "member").Select(f => f!["displayOrder"]!.GetValue<int>());
        Assert.True(member["displayOrder"]!.GetValue<int>() > coreOrders.Max(), "an extension's field comes after the entity's own fields on forms");
        Assert.Equal("会员", member["label"]!["zh-CN"]!.GetValue<string>());
        Assert.NotNull(Field(await EntityAsync(client, root, "note"), "member"));
        var retail = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/retail", Ct))!;
        Assert.Contains(retail["components"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "activity.member");
        Assert.DoesNotContain(retail["components"]!.AsArray(), c => c!["name"]!.GetValue<string>() == "activity");

        var wang = await CreateAsync(client, root, "member", new JsonObject { ["memberName"] = "Wang Fang" });
        await CreateAsync(client, root, "activity", new JsonObject { ["subject"] = "Called about her points", ["activityType"] = "call", ["member"] = wang });
        var calls = (await client.GetFromJsonAsync<JsonObject>($"{root}/data/activity?$filter=member eq {wang}", Ct))!;
        Assert.Equal("Called about her points", Assert.Single(calls["value"]!.AsArray())!["subject"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upgrade_adds_the_extension_fields_as_its_dry_run_says_and_an_uninstall_takes_them_away_keeping_core()
    {
        var (client, root) = await TenantAsync("ext-upgrade");
        await InstallAsync(client, root, "core", "1.0.0");
        await InstallAsync(client, root, "retail", "1.0.0");
        Assert.Null(Field(await EntityAsync(client, root, "activity"), "member"));

        var dry = await UpgradeAsync(client, root, new { version = "1.1.0", dryRun = true });
        Assert.Contains(dry["changes"]!.AsArray(), c => c!["component"]!.GetValue<string>() == "activity.member" && c["change"]!.GetValue<string>() == "added");
        Assert.Contains(dry["changes"]!.AsArray(), c => c!["kind"]!.GetValue<string>() == "dashboard" && c["component"]!.GetValue<string>() == "retailOverview" && c["change"]!.GetValue<string>() == "added");
        Assert.Null(Field(await EntityAsync(client, root, "activity"), "member"));

        await UpgradeAsync(client, root, new { version = "1.1.0" });
        Assert.NotNull(Field(await EntityAsync(client, root, "activity"), "member"));
        Assert.Equal(["retailOverview", "salesAndService"], await DashboardNamesAsync(client, root));
        var call = await CreateAsync(client, root, "activity", new JsonObject { ["subject"] = "Kept after uninstall", ["activityType"] = "call" });

        var uninstalled = await client.DeleteAsync($"{root}/packs/retail", Ct);
        Assert.True(uninstalled.StatusCode == HttpStatusCode.OK, await uninstalled.Content.ReadAsStringAsync(Ct));
        var activity = await EntityAsync(client, root, "activity");
        Assert.Null(Field(activity, "member"));
        Assert.NotNull(Field(activity, "subject"));
        Assert.Null(Field(await EntityAsync(client, root, "note"), "member"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{root}/data/activity/{call}", Ct)).StatusCode);
        Assert.Equal(["core"], (await client.GetFromJsonAsync<JsonArray>($"{root}/packs", Ct))!.Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(["salesAndService"], await DashboardNamesAsync(client, root));
    }

    private static async Task<List<string>> DashboardNamesAsync(HttpClient client, string root) =>
        [.. (await client.GetFromJsonAsync<JsonArray>($"{root}/dashboards", Ct))!.Select(d => d!["apiName"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    private async Task<(HttpClient Client, string Root)> TenantAsync(string name)
    {
        var (tenant, key) = await app.CreateTenantAsync(name);
        var client = app.ClientWithKey(key);
        client.Timeout = TimeSpan.FromMinutes(10);
        return (client, $"/t/{tenant.Identifier}/api");
    }

    private static async Task InstallAsync(HttpClient client, string root, string id, string version)
    {
        var response = await client.PostAsJsonAsync($"{root}/packs", new { id, version }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonObject> UpgradeAsync(HttpClient client, string root, object request)
    {
        var response = await client.PostAsJsonAsync($"{root}/packs/retail/upgrade", request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static async Task<string> CreateAsync(HttpClient client, string root, string entity, JsonObject values)
    {
        var response = await client.PostAsJsonAsync($"{root}/data/{entity}", values, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> EntityAsync(HttpClient client, string root, string entity) =>
        (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/{entity}", Ct))!;

    private static JsonNode? Field(JsonObject entity, string field) =>
        entity["fields"]!.AsArray().SingleOrDefault(f => f!["apiName"]!.GetValue<string>() == field);
}

[Collection(OnSqlite.Name)]
public sealed class PackExtensionOnSqlite(SqliteApp app) : PackExtensionSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackExtensionOnPostgres(PostgresApp app) : PackExtensionSpec(app);
