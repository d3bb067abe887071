using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using static Saas.Platform.Tests.Packs.PackUpgradeReports;

namespace Saas.Platform.Tests.Packs.Publishing;

/// <summary>
/// Issue 6's "done when", end to end over HTTP: a partner builds, signs and publishes a pack with the tool; a tenant
/// installs it from the catalog, edits a field's label and a picklist value, and upgrades to the partner's next
/// version, keeping both edits and receiving the partner's other changes, as the dry run predicted.
/// </summary>
public abstract class PartnerJourneySpec(PlatformApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_partners_next_version_reaches_a_tenant_without_undoing_its_edits()
    {
        var publisher = await app.PublisherAsync();
        var (pack, ticket) = ($"{publisher.Id}_upgrade", $"{publisher.Id}_ticket");
        var created = await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/api-keys", new { name = "build server" }, Ct);
        var apiKey = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["secret"]!.GetValue<string>();
        var work = Path.Combine(Path.GetTempPath(), "saas-tests", "journey", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var signingKey = Path.Combine(work, "key.pem");
        await File.WriteAllTextAsync(signingKey, publisher.PrivateKeyPem, Ct);

        await ReleaseAsync(publisher, pack, "1.0.0", apiKey, signingKey, work);
        var (tenant, key) = await app.CreateTenantAsync("journey");
        var client = app.ClientWithKey(key);
        var root = $"/t/{tenant.Identifier}/api";
        var catalog = (await client.GetFromJsonAsync<JsonArray>($"{root}/catalog/packs", Ct))!;
        Assert.Equal(["1.0.0"], catalog.Single(p => p!["id"]!.GetValue<string>() == pack)!["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        var installed = await client.PostAsJsonAsync($"{root}/packs", new { id = pack, version = "1.0.0" }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));

        // The tenant's edits: a field's label and a picklist value's label.
        await PatchAsync(client, $"{root}/metadata/entities/{ticket}/fields/{publisher.Id}_title", new { label = new Dictionary<string, string> { ["en"] = "Headline" } });
        var values = FieldOf(await EntityAsync(client, root, ticket), $"{publisher.Id}_priority")["settings"]!["values"]!.DeepClone().AsArray();
        values.Single(v => v!["apiName"]!.GetValue<string>() == "low")!["label"]!["en"] = "Minor";
        await PatchAsync(client, $"{root}/metadata/entities/{ticket}/fields/{publisher.Id}_priority", new JsonObject { ["settings"] = new JsonObject { ["values"] = values } });

        await ReleaseAsync(publisher, pack, "1.1.0", apiKey, signingKey, work);
        var dry = await PostAsync(client, $"{root}/packs/{pack}/upgrade", new { version = "1.1.0", dryRun = true });
        var conflict = Change(dry, $"{ticket}.{publisher.Id}_title", "label.en")!;
        Assert.Equal(("conflict", "Headline", "Subject", "tenant"), (conflict["change"]!.GetValue<string>(), conflict["tenant"]!.GetValue<string>(),
            conflict["publisher"]!.GetValue<string>(), conflict["resolution"]!.GetValue<string>()));
        Assert.Null(Change(dry, $"{ticket}.{publisher.Id}_priority", "values.low.label.en"));
        Assert.Equal("updated", Change(dry, ticket, "label.en")!["change"]!.GetValue<string>());
        Assert.Equal("updated", Change(dry, $"{ticket}.{publisher.Id}_priority", "values.high.label.en")!["change"]!.GetValue<string>());
        Assert.Equal("added", Change(dry, $"{ticket}.{publisher.Id}_dueDate", null)!["change"]!.GetValue<string>());

        var applied = await PostAsync(client, $"{root}/packs/{pack}/upgrade", new { version = "1.1.0" });
        Assert.True(JsonNode.DeepEquals(dry["changes"], applied["changes"]), applied.ToJsonString());
        var entity = await EntityAsync(client, root, ticket);
        Assert.Equal("Support ticket", entity["label"]!["en"]!.GetValue<string>());
        Assert.Equal("Headline", FieldOf(entity, $"{publisher.Id}_title")["label"]!["en"]!.GetValue<string>());
        var priority = FieldOf(entity, $"{publisher.Id}_priority")["settings"]!["values"]!.AsArray().ToDictionary(v => v!["apiName"]!.GetValue<string>(), v => v!["label"]!["en"]!.GetValue<string>());
        Assert.Equal(("Minor", "High priority", "Urgent"), (priority["low"], priority["high"], priority["urgent"]));
        Assert.NotNull(FieldOf(entity, $"{publisher.Id}_dueDate"));

        // The publisher sees the tenant on the new version.
        var installs = (await publisher.Client.GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/installs", Ct))!;
        Assert.Equal("1.1.0", installs.Single(i => i!["tenant"]!.GetValue<string>() == tenant.Identifier)!["version"]!.GetValue<string>());
    }

    /// <summary>Builds, signs and publishes one version with the tool and its API key; the operator approves it.</summary>
    private async Task ReleaseAsync(TestPublisher publisher, string pack, string version, string apiKey, string signingKey, string work)
    {
        var zip = Path.Combine(work, $"{pack}-{version}.zip");
        var folder = PublishingFixtures.VersionFolder(publisher.Id, "acme_upgrade", version);
        var built = await ToolAsync("build", folder, "-o", zip, "--catalog", Path.Combine(AppContext.BaseDirectory, "Verticals"));
        Assert.True(built.Code == 0, built.Error);
        Assert.Equal(0, (await ToolAsync("sign", zip, "--key", signingKey)).Code);
        var published = await ToolAsync("publish", zip, "--server", app.Server.BaseAddress.ToString(), "--key", apiKey);
        Assert.True(published.Code == 0, published.Error);
        var approved = await app.Operator().PostAsync($"/api/catalog/packs/{pack}/versions/{version}/publish", null, Ct);
        Assert.True(approved.StatusCode == HttpStatusCode.OK, await approved.Content.ReadAsStringAsync(Ct));
    }

    private async Task<(int Code, string Error)> ToolAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Saas.PackTool.PackTool.RunAsync(args, output, error, app.Server.CreateHandler(), Ct);
        return (code, error.ToString());
    }

    private static async Task PatchAsync(HttpClient client, string url, object body)
    {
        var response = await client.PatchAsJsonAsync(url, body, Ct);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(Ct));
    }
}

[Collection(OnSqlite.Name)]
public sealed class PartnerJourneyOnSqlite(SqliteApp app) : PartnerJourneySpec(app);

[Collection(OnPostgres.Name)]
public sealed class PartnerJourneyOnPostgres(PostgresApp app) : PartnerJourneySpec(app);
