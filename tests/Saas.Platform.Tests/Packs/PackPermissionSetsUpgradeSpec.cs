using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Packs.PackUpgradeReports;

namespace Saas.Platform.Tests.Packs;

/// <summary>
/// Permission sets and sample data through an upgrade, with the versioned fixture <c>acme_perms</c>: 1.1.0 changes the
/// agents' rule of desks, their description and roles, adds a set and sample rows and drops a set; 1.2.0 adds a sample
/// row whose unique code the tenant has already, so its upgrade fails after the sets were merged.
/// </summary>
public abstract class PackPermissionSetsUpgradeSpec(PlatformApp app)
{
    private const string Pack = "acme_perms";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_upgrade_merges_sets_per_rule_adds_new_sets_and_rows_keeps_dropped_sets_and_the_tenants_data_and_rolls_back()
    {
        var (client, root) = await InstalledAsync("perm-up", sampleData: true);
        await EditAgentsAsync(client, root);
        var desks = await RecordsAsync(client, root, "acme_desk");
        await PatchAsync(client, $"{root}/data/acme_desk/{IdOf(desks, "D-1")}", new { acme_title = "Reception" });
        (await client.DeleteAsync($"{root}/data/acme_desk/{IdOf(desks, "D-2")}", Ct)).EnsureSuccessStatusCode();
        var before = await SetsAsync(client, root);

        var dry = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new { version = "1.1.0", dryRun = true });
        Assert.Equal(1, dry["conflicts"]!.GetValue<int>());
        var conflict = Change(dry, "acme_agents", "rules.acme_visit")!;
        Assert.Equal(("conflict", "tenant"), (conflict["change"]!.GetValue<string>(), conflict["resolution"]!.GetValue<string>()));
        Assert.True(conflict["tenant"]!["export"]!.GetValue<bool>());
        Assert.Equal("all", conflict["publisher"]!["update"]!.GetValue<string>());
        Assert.Equal("updated", Change(dry, "acme_agents", "rules.acme_desk")!["change"]!.GetValue<string>());
        Assert.Equal("updated", Change(dry, "acme_agents", "description")!["change"]!.GetValue<string>());
        Assert.Equal("updated", Change(dry, "acme_agents", "roles.manager")!["change"]!.GetValue<string>());
        Assert.Null(Change(dry, "acme_viewers", "rules.acme_desk"));
        Assert.Equal("added", Change(dry, "acme_auditors", null)!["change"]!.GetValue<string>());
        Assert.Equal("deprecated", Change(dry, "acme_legacy", null)!["change"]!.GetValue<string>());
        Assert.Contains("added 3 sample records", dry["notes"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(before, await SetsAsync(client, root));
        Assert.Single(await RecordsAsync(client, root, "acme_visit"));

        var applied = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new { version = "1.1.0" });
        Assert.True(JsonNode.DeepEquals(dry["changes"], applied["changes"]), applied.ToJsonString());

        var sets = await SetsByNameAsync(client, root);
        var agents = sets["acme_agents"];
        Assert.Equal("own", agents["rules"]!["acme_desk"]!["delete"]!.GetValue<string>());
        Assert.True(agents["rules"]!["acme_visit"]!["export"]!.GetValue<bool>());
        Assert.False(agents["rules"]!["acme_visit"]!["update"]!.GetValue<bool>());
        Assert.Equal("Work the front desk and its visits.", agents["description"]!.GetValue<string>());
        Assert.Equal("manager,staff", Roles(agents));
        Assert.Equal("manager", Roles(sets["acme_auditors"]));
        Assert.True(sets["acme_auditors"]["rules"]!["acme_visit"]!["export"]!.GetValue<bool>());
        Assert.True(sets.ContainsKey("acme_legacy"));

        // Sample data: the new rows are there (the one pointing to the desk the tenant deleted without it); the tenant's
        // edit stays and the desk it deleted does not come back.
        desks = await RecordsAsync(client, root, "acme_desk");
        Assert.Equal("D-1,D-3", string.Join(',', desks.Select(d => d!["acme_code"]!.GetValue<string>()).Order(StringComparer.Ordinal)));
        Assert.Equal("Reception", desks.Single(d => d!["acme_code"]!.GetValue<string>() == "D-1")!["acme_title"]!.GetValue<string>());
        var visits = await RecordsAsync(client, root, "acme_visit");
        Assert.Equal(3, visits.Count);
        Assert.Equal(IdOf(desks, "D-3"), visits.Single(v => v!["acme_subject"]!.GetValue<string>() == "Delivery")!["acme_desk"]!.GetValue<string>());
        Assert.Null(visits.Single(v => v!["acme_subject"]!.GetValue<string>() == "面试")!["acme_desk"]);

        var pack = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/{Pack}", Ct))!;
        Assert.NotNull(Component(pack, "acme_legacy")["deprecatedAt"]);

        // Rollback: the previous version's rule, description and roles come back; the tenant's rule stays; the set the
        // upgrade added is deprecated and left in place, the records stay.
        await PostAsync(client, $"{root}/packs/{Pack}/rollback", new { });
        sets = await SetsByNameAsync(client, root);
        agents = sets["acme_agents"];
        Assert.False(agents["rules"]!["acme_desk"]!["delete"]!.GetValue<bool>());
        Assert.True(agents["rules"]!["acme_visit"]!["export"]!.GetValue<bool>());
        Assert.Equal("Work the front desk.", agents["description"]!.GetValue<string>());
        Assert.Equal("staff", Roles(agents));
        Assert.True(sets.ContainsKey("acme_auditors"));
        pack = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/{Pack}", Ct))!;
        Assert.NotNull(Component(pack, "acme_auditors")["deprecatedAt"]);
        Assert.Null(Component(pack, "acme_legacy")["deprecatedAt"]);
        Assert.Equal(3, (await RecordsAsync(client, root, "acme_visit")).Count);

        // Up again, taking the publisher's rule this time.
        var again = await PostAsync(client, $"{root}/packs/{Pack}/upgrade",
            new { version = "1.1.0", take = new[] { new { component = "acme_agents", property = "rules.acme_visit" } } });
        Assert.Equal("restored", Change(again, "acme_auditors", null)!["change"]!.GetValue<string>());
        Assert.Contains("added 0 sample records", again["notes"]!.AsArray().Select(n => n!.GetValue<string>()));
        agents = (await SetsByNameAsync(client, root))["acme_agents"];
        Assert.Equal("all", agents["rules"]!["acme_visit"]!["update"]!.GetValue<string>());
        Assert.False(agents["rules"]!["acme_visit"]!["export"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_failed_upgrade_leaves_the_permission_sets_and_the_records_as_they_were()
    {
        var (client, root) = await InstalledAsync("perm-fail", sampleData: true);
        await EditAgentsAsync(client, root);
        var before = await StateAsync(client, root);

        // 1.2.0 changes the agents' and viewers' rules and drops a set, then its new sample desk repeats a unique code.
        var failed = await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { version = "1.2.0" }, Ct);
        var body = await failed.Content.ReadAsStringAsync(Ct);
        Assert.True(failed.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("data/acme_desk.csv", body, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(client, root));

        // A set the version adds whose name the tenant took: refused at the end, nothing written to either database.
        var mine = await client.PostAsJsonAsync($"{root}/access/permission-sets",
            new { name = "ACME_auditors", rules = new JsonObject { ["acme_desk"] = new JsonObject { ["read"] = true, ["otherFields"] = "read" } } }, Ct);
        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        before = await StateAsync(client, root);
        var taken = await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { version = "1.1.0" }, Ct);
        body = await taken.Content.ReadAsStringAsync(Ct);
        Assert.True(taken.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("acme_auditors", body, StringComparison.Ordinal);
        Assert.Equal(before, await StateAsync(client, root));
    }

    [Fact]
    public async Task Without_sample_data_an_upgrade_adds_no_records_but_still_merges_the_sets()
    {
        var (client, root) = await InstalledAsync("perm-nodata", sampleData: false);
        var report = await PostAsync(client, $"{root}/packs/{Pack}/upgrade", new { version = "1.1.0" });
        Assert.DoesNotContain(report["notes"]!.AsArray(), n => n!.GetValue<string>().Contains("sample", StringComparison.Ordinal));
        Assert.Empty(await RecordsAsync(client, root, "acme_desk"));
        Assert.Empty(await RecordsAsync(client, root, "acme_visit"));
        var sets = await SetsByNameAsync(client, root);
        Assert.Equal("own", sets["acme_agents"]["rules"]!["acme_desk"]!["delete"]!.GetValue<string>());
        Assert.Equal("manager,staff", Roles(sets["acme_agents"]));
        Assert.True(sets.ContainsKey("acme_auditors"));
    }

    private async Task<(HttpClient Client, string Root)> InstalledAsync(string prefix, bool sampleData)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        var client = app.ClientWithKey(key);
        client.Timeout = TimeSpan.FromMinutes(10);
        var root = $"/t/{tenant.Identifier}/api";
        var installed = await client.PostAsJsonAsync($"{root}/packs", new { id = Pack, version = "1.0.0", sampleData }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));
        return (client, root);
    }

    /// <summary>The tenant's edit: its agents may export visits (the visit rule), nothing else changed.</summary>
    private static async Task EditAgentsAsync(HttpClient client, string root)
    {
        var agents = (await SetsByNameAsync(client, root))["acme_agents"];
        var rules = agents["rules"]!.DeepClone().AsObject();
        rules["acme_visit"]!["export"] = true;
        var put = await client.PutAsJsonAsync($"{root}/access/permission-sets/{agents["id"]!.GetValue<string>()}",
            new { name = "acme_agents", description = agents["description"]!.GetValue<string>(), rules }, Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> SetsAsync(HttpClient client, string root) =>
        string.Join('\n', await client.GetStringAsync($"{root}/access/permission-sets", Ct), await client.GetStringAsync($"{root}/access/roles", Ct));

    private static async Task<string> StateAsync(HttpClient client, string root) =>
        string.Join('\n', await SetsAsync(client, root), await client.GetStringAsync($"{root}/packs/{Pack}", Ct),
            await client.GetStringAsync($"{root}/data/acme_desk", Ct), await client.GetStringAsync($"{root}/data/acme_visit", Ct),
            await client.GetStringAsync($"{root}/metadata/entities", Ct));

    private static async Task<Dictionary<string, JsonObject>> SetsByNameAsync(HttpClient client, string root) =>
        (await client.GetFromJsonAsync<JsonArray>($"{root}/access/permission-sets", Ct))!.ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!.AsObject());

    private static string Roles(JsonObject set) => string.Join(',', set["roles"]!.AsArray().Select(r => r!.GetValue<string>()).Order(StringComparer.Ordinal));

    private static async Task<JsonArray> RecordsAsync(HttpClient client, string root, string entity) =>
        (await client.GetFromJsonAsync<JsonObject>($"{root}/data/{entity}", Ct))!["value"]!.AsArray();

    private static string IdOf(JsonArray desks, string code) =>
        desks.Single(d => d!["acme_code"]!.GetValue<string>() == code)!["id"]!.GetValue<string>();

    private static async Task PatchAsync(HttpClient client, string url, object body)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body) }, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }


    private static JsonNode Component(JsonObject pack, string name) =>
        pack["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;
}

[Collection(OnSqlite.Name)]
public sealed class PackPermissionSetsUpgradeOnSqlite(SqliteApp app) : PackPermissionSetsUpgradeSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackPermissionSetsUpgradeOnPostgres(PostgresApp app) : PackPermissionSetsUpgradeSpec(app);
