using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs;

/// <summary>
/// Form layouts as a pack component (<c>layouts/{entity}.yaml</c>), over HTTP: the core pack's layouts install with
/// the pack; the fixture <c>acme_layouts</c> (1.0.0, 1.1.0) lays out its own entity and the core pack's leads, and its
/// upgrade keeps a tenant's edited layout while the publisher's change of the other applies; uninstalling removes both.
/// </summary>
public abstract class PackLayoutsSpec(PlatformApp app)
{
    private const string Pack = "acme_layouts";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_core_pack_installs_its_layouts_with_chinese_section_titles_and_provenance()
    {
        var (client, root) = await TenantAsync("pack-lay-core");
        await InstallAsync(client, root, "core", "1.0.0");

        var account = await LayoutAsync(client, root, "account");
        Assert.False(account["isDefault"]!.GetValue<bool>());
        Assert.Equal(["overview", "contactDetails", "company", "notes"], Sections(account));
        Assert.Equal("概览", account["sections"]![0]!["label"]!["zh-CN"]!.GetValue<string>());
        Assert.Equal(2, account["sections"]![0]!["columns"]!.GetValue<int>());
        foreach (var entity in new[] { "contact", "opportunity", "case" })
        {
            Assert.False((await LayoutAsync(client, root, entity))["isDefault"]!.GetValue<bool>());
        }

        var pack = (await client.GetFromJsonAsync<JsonObject>($"{root}/packs/core", Ct))!;
        Assert.Contains(pack["components"]!.AsArray(), c => c!["kind"]!.GetValue<string>() == "layout" && c["name"]!.GetValue<string>() == "account");
        Assert.True((await LayoutAsync(client, root, "lead"))["isDefault"]!.GetValue<bool>());
    }

    [Fact]
    public async Task An_upgrade_keeps_a_layout_the_tenant_edited_applies_the_publishers_change_of_another_and_uninstall_removes_both()
    {
        var (client, root) = await TenantAsync("pack-lay-up");
        await InstallAsync(client, root, "core", "1.0.0");
        await InstallAsync(client, root, Pack, "1.0.0");
        Assert.Equal(["acme_main", "acme_more"], Sections(await LayoutAsync(client, root, "acme_shop")));
        Assert.Equal(["acme_lead", "otherFields"], Sections(await LayoutAsync(client, root, "lead")));

        var edited = new JsonObject
        {
            ["sections"] = new JsonArray(new JsonObject
            {
                ["apiName"] = "everything", ["label"] = new JsonObject { ["en"] = "Everything" }, ["columns"] = 1,
                ["fields"] = new JsonArray("acme_notes", "acme_name", "acme_city", "acme_phone"),
            }),
        };
        var put = await client.PutAsJsonAsync($"{root}/metadata/entities/acme_shop/layout", edited, Ct);
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync(Ct));

        var dry = await UpgradeAsync(client, root, new { version = "1.1.0", dryRun = true });
        var shop = Change(dry, "acme_shop");
        Assert.Equal(("conflict", "sections", "tenant"), (shop["change"]!.GetValue<string>(), shop["property"]!.GetValue<string>(), shop["resolution"]!.GetValue<string>()));
        Assert.Equal(("updated", "publisher"), (Change(dry, "lead")["change"]!.GetValue<string>(), Change(dry, "lead")["resolution"]!.GetValue<string>()));
        Assert.Equal(["everything"], Sections(await LayoutAsync(client, root, "acme_shop")));

        await UpgradeAsync(client, root, new { version = "1.1.0" });
        var kept = await LayoutAsync(client, root, "acme_shop");
        Assert.Equal(["everything", "otherFields"], Sections(kept));
        Assert.Equal(["acme_email"], Fields(kept, 1));
        var lead = await LayoutAsync(client, root, "lead");
        Assert.Equal(["fullName", "company", "email"], Fields(lead, 0));

        var uninstalled = await client.DeleteAsync($"{root}/packs/{Pack}", Ct);
        Assert.True(uninstalled.IsSuccessStatusCode, await uninstalled.Content.ReadAsStringAsync(Ct));
        Assert.True((await LayoutAsync(client, root, "lead"))["isDefault"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"{root}/metadata/entities/acme_shop/layout", Ct)).StatusCode);
    }

    private async Task<(HttpClient Client, string Root)> TenantAsync(string prefix)
    {
        var (tenant, key) = await app.CreateTenantAsync(prefix);
        var client = app.ClientWithKey(key);
        client.Timeout = TimeSpan.FromMinutes(10);
        return (client, $"/t/{tenant.Identifier}/api");
    }

    private static async Task InstallAsync(HttpClient client, string root, string id, string version)
    {
        var installed = await client.PostAsJsonAsync($"{root}/packs", new { id, version }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<JsonObject> UpgradeAsync(HttpClient client, string root, object body)
    {
        var response = await client.PostAsJsonAsync($"{root}/packs/{Pack}/upgrade", body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static JsonNode Change(JsonObject report, string component) =>
        report["changes"]!.AsArray().Single(c => c!["kind"]!.GetValue<string>() == "layout" && c["component"]!.GetValue<string>() == component)!;

    private static async Task<JsonObject> LayoutAsync(HttpClient client, string root, string entity) =>
        (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/{entity}/layout", Ct))!;

    private static List<string> Sections(JsonObject layout) => [.. layout["sections"]!.AsArray().Select(s => s!["apiName"]!.GetValue<string>())];

    private static List<string> Fields(JsonObject layout, int section) => [.. layout["sections"]![section]!["fields"]!.AsArray().Select(f => f!.GetValue<string>())];
}

[Collection(OnSqlite.Name)]
public sealed class PackLayoutsOnSqlite(SqliteApp app) : PackLayoutsSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackLayoutsOnPostgres(PostgresApp app) : PackLayoutsSpec(app);
