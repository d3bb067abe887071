using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Packs.PackUpgradeReports;

namespace Saas.Platform.Tests.Packs;

/// <summary>
/// Upgrading an installed pack over HTTP with the versioned fixture <c>acme_upgrade</c> (1.0.0, 1.1.0, 1.2.0 which changes
/// a type within its major, 2.0.0 which does so as a major): the 3-way merge keeps the tenant's edits, takes the
/// publisher's other changes, reports conflicts exactly as the dry run predicted, and rolls back.
/// </summary>
public abstract class PackUpgradeSpec(PlatformApp app)
{
    private const string Pack = "acme_upgrade";
    private const string Ticket = "acme_ticket";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_upgrade_keeps_the_tenants_edits_takes_the_publishers_other_changes_as_the_dry_run_said_and_rolls_back()
    {
        var (client, root) = await InstalledAsync("pack-up", "1.0.0");
        await EditAsync(client, root);
        var before = await StateAsync(client, root);

        var dry = await UpgradeAsync(client, root, new { version = "1.1.0", dryRun = true });
        Assert.True(dry["dryRun"]!.GetValue<bool>());
        Assert.Equal(1, dry["conflicts"]!.GetValue<int>());
        var conflict = Change(dry, $"{Ticket}.acme_title", "label.en")!;
        Assert.Equal(("conflict", "Title", "Headline", "Subject", "tenant"), (conflict["change"]!.GetValue<string>(), conflict["base"]!.GetValue<string>(),
            conflict["tenant"]!.GetValue<string>(), conflict["publisher"]!.GetValue<string>(), conflict["resolution"]!.GetValue<string>()));
        Assert.Equal("updated", Change(dry, $"{Ticket}.acme_title", "label.zh-CN")!["change"]!.GetValue<string>());
        Assert.Equal("updated", Change(dry, Ticket, "label.en")!["change"]!.GetValue<string>());
        Assert.Equal("updated", Change(dry, $"{Ticket}.acme_priority", "values.urgent.label.en")!["change"]!.GetValue<string>());
        Assert.Null(Change(dry, $"{Ticket}.acme_priority", "values.low.label.en"));
        Assert.Equal("added", Change(dry, $"{Ticket}.acme_dueDate", null)!["change"]!.GetValue<string>());
        Assert.Equal("added", Change(dry, "acme_tag", null)!["change"]!.GetValue<string>());
        Assert.Equal("deprecated", Change(dry, $"{Ticket}.acme_notes", null)!["change"]!.GetValue<string>());

        // The dry run touched nothing: metadata, the pack's provenance and the audit log read as before.
        Assert.Equal(before, await StateAsync(client, root));

        var applied = await UpgradeAsync(client, root, new { version = "1.1.0" });
        Assert.False(applied["dryRun"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(dry["changes"], applied["changes"]), applied.ToJsonString());

        var ticket = await EntityAsync(client, root, Ticket);
        Assert.Equal("Support ticket", ticket["label"]!["en"]!.GetValue<string>());
        var title = FieldOf(ticket, "acme_title");
        Assert.Equal("Headline", title["label"]!["en"]!.GetValue<string>());
        Assert.Equal("主题", title["label"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal("What the customer reports", title["helpText"]!["en"]!.GetValue<string>());
        var priority = Values(ticket, "acme_priority");
        Assert.Equal("Minor", priority["low"]!["label"]!["en"]!.GetValue<string>());
        Assert.Equal("High priority", priority["high"]!["label"]!["en"]!.GetValue<string>());
        Assert.Equal("紧急", priority["urgent"]!["label"]!["zh-CN"]!.GetValue<string>());
        Assert.NotNull(FieldOf(ticket, "acme_dueDate"));
        Assert.NotNull(FieldOf(ticket, "acme_notes"));
        Assert.Equal("acme_ticket", FieldOf(await EntityAsync(client, root, "acme_tag"), "acme_ticket")["settings"]!["targetEntity"]!.GetValue<string>());
        Assert.Equal(3, await CountAsync(client, $"{root}/data/{Ticket}"));

        var pack = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/{Pack}", Ct))!;
        Assert.Equal(("1.1.0", "1.0.0"), (pack["version"]!.GetValue<string>(), pack["previousVersion"]!.GetValue<string>()));
        Assert.NotNull(Component(pack, $"{Ticket}.acme_notes")["deprecatedAt"]);
        Assert.Contains("pack.upgraded", await client.GetStringAsync($"{root}/audit", Ct), StringComparison.Ordinal);

        // Rollback: the previous version's values come back where the tenant did not edit; what the upgrade added is deprecated.
        var rolledBack = await PostAsync(client, $"{root}/packs/{Pack}/rollback", new { });
        Assert.Equal(("1.1.0", "1.0.0"), (rolledBack["from"]!.GetValue<string>(), rolledBack["to"]!.GetValue<string>()));
        ticket = await EntityAsync(client, root, Ticket);
        Assert.Equal("Ticket", ticket["label"]!["en"]!.GetValue<string>());
        title = FieldOf(ticket, "acme_title");
        Assert.Equal(("Headline", "标题"), (title["label"]!["en"]!.GetValue<string>(), title["label"]!["zh-CN"]!.GetValue<string>()));
        priority = Values(ticket, "acme_priority");
        Assert.Equal(("Minor", "High"), (priority["low"]!["label"]!["en"]!.GetValue<string>(), priority["high"]!["label"]!["en"]!.GetValue<string>()));
        Assert.False(priority["urgent"]!["isActive"]!.GetValue<bool>());
        pack = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/{Pack}", Ct))!;
        Assert.Equal("1.0.0", pack["version"]!.GetValue<string>());
        Assert.Null(pack["previousVersion"]);
        Assert.NotNull(Component(pack, $"{Ticket}.acme_dueDate")["deprecatedAt"]);
        Assert.Null(Component(pack, $"{Ticket}.acme_notes")["deprecatedAt"]);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"{root}/packs/{Pack}/rollback", new { }, Ct)).StatusCode);

        // And up again: the deprecated components are maintained again.
        var again = await UpgradeAsync(client, root, new { version = "1.1.0" });
        Assert.Equal("restored", Change(again, $"{Ticket}.acme_dueDate", null)!["change"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conflicts_resolve_by_policy_and_per_property_and_bad_requests_are_refused()
    {
        var (client, root) = await InstalledAsync("pack-up-pol", "1.0.0");
        await EditAsync(client, root);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { version = "1.1.0", policy = "mine" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { dryRun = true }, Ct)).StatusCode);
        var typo = await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade",
            new { version = "1.1.0", take = new[] { new { component = $"{Ticket}.acme_title", property = "label.fr" } } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("take[0]", await typo.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { version = "9.0.0" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync($"{root}/packs/core/upgrade", new { version = "1.0.0" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { version = "1.0.0" }, Ct)).StatusCode);

        var taken = await UpgradeAsync(client, root, new { version = "1.1.0", take = new[] { new { component = $"{Ticket}.acme_title", property = "label.en" } } });
        Assert.Equal("publisher", Change(taken, $"{Ticket}.acme_title", "label.en")!["resolution"]!.GetValue<string>());
        Assert.Equal("Subject", FieldOf(await EntityAsync(client, root, Ticket), "acme_title")["label"]!["en"]!.GetValue<string>());
        Assert.Equal("Minor", Values(await EntityAsync(client, root, Ticket), "acme_priority")["low"]!["label"]!["en"]!.GetValue<string>());

        var (other, otherRoot) = await InstalledAsync("pack-up-pub", "1.0.0");
        await EditAsync(other, otherRoot);
        await UpgradeAsync(other, otherRoot, new { version = "1.1.0", policy = "takePublisher" });
        Assert.Equal("Subject", FieldOf(await EntityAsync(other, otherRoot, Ticket), "acme_title")["label"]!["en"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_type_change_needs_a_major_version_and_a_failing_upgrade_leaves_the_tenant_exactly_as_it_was()
    {
        var (client, root) = await InstalledAsync("pack-up-fail", "1.0.0");
        await EditAsync(client, root);
        var before = await StateAsync(client, root);

        var minor = await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { version = "1.2.0" }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, minor.StatusCode);
        Assert.Contains("fields[2].type", await minor.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // 2.0.0 may change the type, but the sample records hold codes like 'A-0001' that are no numbers: the conversion
        // fails after the labels, the new fields and the new entity were written, and all of it is rolled back.
        var major = await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", new { version = "2.0.0" }, Ct);
        var body = await major.Content.ReadAsStringAsync(Ct);
        Assert.True(major.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.True(body.Contains("cannot become number", StringComparison.Ordinal), body);
        Assert.Equal(before, await StateAsync(client, root));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{root}/metadata/entities/acme_tag", Ct)).StatusCode);

        // Once the values convert, the same upgrade goes through and converts them.
        var records = (await client.GetFromJsonAsync<JsonObject>($"{root}/data/{Ticket}", Ct))!["value"]!.AsArray();
        foreach (var (record, i) in records.Select((r, i) => (r!, i)))
        {
            var patch = new HttpRequestMessage(HttpMethod.Patch, $"{root}/data/{Ticket}/{record["id"]!.GetValue<string>()}")
            {
                Content = JsonContent.Create(new { acme_code = $"{100 + i}" }),
            };
            (await client.SendAsync(patch, Ct)).EnsureSuccessStatusCode();
        }

        var upgraded = await UpgradeAsync(client, root, new { version = "2.0.0" });
        Assert.Contains(upgraded["changes"]!.AsArray(), c => c!["property"]?.GetValue<string>() == "type");
        Assert.Equal("number", FieldOf(await EntityAsync(client, root, Ticket), "acme_code")["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Uninstall_is_refused_while_records_exist_unless_they_are_exported_first_and_while_another_pack_needs_it()
    {
        var (client, root) = await InstalledAsync("pack-un", "1.0.0");
        var refused = await client.DeleteAsync($"{root}/packs/{Pack}", Ct);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("acme_ticket (3)", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, problem["records"]![Ticket]!.GetValue<int>());
        Assert.Equal(3, await CountAsync(client, $"{root}/data/{Ticket}"));

        var done = await client.DeleteAsync($"{root}/packs/{Pack}?exportAndDelete=true", Ct);
        var report = (await done.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.True(done.StatusCode == HttpStatusCode.OK, report.ToJsonString());
        var export = report["exports"]!.AsArray().Single()!;
        Assert.Equal((Ticket, 3), (export["entity"]!.GetValue<string>(), export["records"]!.GetValue<int>()));
        var csv = await client.GetStringAsync($"{root}/packs/exports/{export["id"]!.GetValue<string>()}", Ct);
        Assert.Contains("打印机卡纸", csv, StringComparison.Ordinal);
        Assert.StartsWith("id,name,createdAt,createdBy,acme_title", csv, StringComparison.Ordinal);
        Assert.Empty((await client.GetFromJsonAsync<JsonArray>($"{root}/packs", Ct))!);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{root}/metadata/entities/{Ticket}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"{root}/packs/{Pack}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"{root}/packs", new { id = "core" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync($"{root}/packs", new { id = "acme_stamps" }, Ct)).StatusCode);
        var needed = await client.DeleteAsync($"{root}/packs/core", Ct);
        Assert.Equal(HttpStatusCode.Conflict, needed.StatusCode);
        Assert.Contains("acme_stamps", await needed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"{root}/packs/acme_stamps", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"{root}/packs/core", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{root}/metadata/entities/account", Ct)).StatusCode);
    }

    private async Task<(HttpClient Client, string Root)> InstalledAsync(string prefix, string version)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        var client = app.ClientWithKey(key);
        client.Timeout = TimeSpan.FromMinutes(10);
        var root = $"/t/{tenant.Identifier}/api";
        var installed = await client.PostAsJsonAsync($"{root}/packs", new { id = Pack, version, sampleData = true }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));
        return (client, root);
    }

    /// <summary>The tenant's edits: the title's English label, and the label of one picklist value.</summary>
    private static async Task EditAsync(HttpClient client, string root)
    {
        var title = new HttpRequestMessage(HttpMethod.Patch, $"{root}/metadata/entities/{Ticket}/fields/acme_title")
        {
            Content = JsonContent.Create(new { label = new Dictionary<string, string> { ["en"] = "Headline", ["zh-CN"] = "标题" } }),
        };
        var response = await client.SendAsync(title, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));

        var values = FieldOf(await EntityAsync(client, root, Ticket), "acme_priority")["settings"]!["values"]!.DeepClone().AsArray();
        values.Single(v => v!["apiName"]!.GetValue<string>() == "low")!["label"]!["en"] = "Minor";
        var priority = new HttpRequestMessage(HttpMethod.Patch, $"{root}/metadata/entities/{Ticket}/fields/acme_priority")
        {
            Content = JsonContent.Create(new JsonObject { ["settings"] = new JsonObject { ["values"] = values } }),
        };
        response = await client.SendAsync(priority, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> StateAsync(HttpClient client, string root) =>
        string.Join('\n', await client.GetStringAsync($"{root}/metadata/entities", Ct), await client.GetStringAsync($"{root}/packs/{Pack}", Ct),
            (await client.GetFromJsonAsync<JsonArray>($"{root}/audit", Ct))!.Count, await client.GetStringAsync($"{root}/data/{Ticket}", Ct));

    private static async Task<JsonObject> UpgradeAsync(HttpClient client, string root, object body) => await PostAsync(client, $"{root}/packs/{Pack}/upgrade", body);


    private static Dictionary<string, JsonNode> Values(JsonObject entity, string field) =>
        FieldOf(entity, field)["settings"]!["values"]!.AsArray().ToDictionary(v => v!["apiName"]!.GetValue<string>(), v => v!);

    private static JsonNode Component(JsonObject pack, string name) =>
        pack["components"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;

    private static async Task<int> CountAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonObject>($"{url}?$count=true&$top=1", Ct))!["@odata.count"]!.GetValue<int>();
}

[Collection(OnSqlite.Name)]
public sealed class PackUpgradeOnSqlite(SqliteApp app) : PackUpgradeSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackUpgradeOnPostgres(PostgresApp app) : PackUpgradeSpec(app);
