using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs.Publishing;

/// <summary>
/// Export round trip with permission sets and sample data: a tenant that runs <c>acme_perms</c> (with its sample rows)
/// and has a permission set of its own exports its desks and visits with <c>--include-packs --sample-data</c>; the folder
/// validates, publishes, and a fresh tenant that installs it with its sample data has the same sets, roles and records,
/// lookups included.
/// </summary>
public abstract class PackExportRoundTripSpec(PlatformApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Verticals => Path.Combine(AppContext.BaseDirectory, "Verticals");

    [Fact]
    public async Task A_tenants_permission_sets_and_records_export_and_install_into_a_fresh_tenant()
    {
        var publisher = await app.PublisherAsync();
        var p = publisher.Id;
        var (tenant, key) = await app.CreateTenantAsync("exp-rt");
        var source = app.ClientWithKey(key);
        var root = $"/t/{tenant.Identifier}/api";
        var installed = await source.PostAsJsonAsync($"{root}/packs", new { id = "acme_perms", version = "1.0.0", sampleData = true }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));

        // The tenant's own set, on staff next to the pack's, and one more record that points to the second desk.
        var night = await source.PostAsJsonAsync($"{root}/access/permission-sets", new
        {
            name = "Night shift",
            description = "Reads desks, updates their own visits.",
            rules = JsonNode.Parse("""{ "acme_desk": { "read": true, "otherFields": "read" }, "acme_visit": { "read": true, "update": "own", "otherFields": "read", "fields": { "acme_note": "none" } } }"""),
        }, Ct);
        Assert.True(night.StatusCode == HttpStatusCode.Created, await night.Content.ReadAsStringAsync(Ct));
        var sets = (await source.GetFromJsonAsync<JsonArray>($"{root}/access/permission-sets", Ct))!;
        var staffSets = sets.Where(s => s!["name"]!.GetValue<string>() is "acme_agents" or "Night shift").Select(s => s!["id"]!.GetValue<string>()).ToArray();
        (await source.PutAsJsonAsync($"{root}/access/roles/staff", new { permissionSets = staffSets }, Ct)).EnsureSuccessStatusCode();
        var desks = (await source.GetFromJsonAsync<JsonObject>($"{root}/data/acme_desk", Ct))!["value"]!.AsArray();
        var lobby = desks.Single(d => d!["acme_code"]!.GetValue<string>() == "D-2")!["id"]!.GetValue<string>();
        (await source.PostAsJsonAsync($"{root}/data/acme_visit", new { acme_subject = "Courier, \"urgent\"", acme_desk = lobby }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.BadRequest, (await source.GetAsync($"{root}/packs/export?id={p}_desks&sampleData=0", Ct)).StatusCode);

        var work = Path.Combine(Path.GetTempPath(), "saas-tests", "tool", Guid.NewGuid().ToString("N"));
        var folder = Path.Combine(work, $"{p}_desks");
        var exported = await RunAsync("export", "--url", app.Server.BaseAddress.ToString(), "--tenant", tenant.Identifier, "--token", key, "-o", folder,
            "--id", $"{p}_desks", "--publisher", p, "--prefix", "acme", "--entities", "acme_desk,acme_visit", "--include-packs", "--sample-data", "10");
        Assert.True(exported.Code == 0, exported.Error);
        Assert.Contains("exported as 'acme_Night shift'", exported.Output, StringComparison.Ordinal);
        var permissions = await File.ReadAllTextAsync(Path.Combine(folder, "permissions.yaml"), Ct);
        Assert.Contains("acme_Night shift", permissions, StringComparison.Ordinal);
        Assert.Contains("acme_legacy", permissions, StringComparison.Ordinal);
        var visits = await File.ReadAllTextAsync(Path.Combine(folder, "data", "acme_visit.csv"), Ct);
        Assert.StartsWith("_key,acme_subject,acme_desk,acme_note\n", visits, StringComparison.Ordinal);
        Assert.Equal(3, (await File.ReadAllLinesAsync(Path.Combine(folder, "data", "acme_desk.csv"), Ct)).Length);
        Assert.True((await RunAsync("validate", folder, "--catalog", Verticals)).Code == 0);

        var zip = Path.Combine(work, "desks.zip");
        var privateKey = Path.Combine(work, "key.pem");
        await File.WriteAllTextAsync(privateKey, publisher.PrivateKeyPem, Ct);
        var built = await RunAsync("build", folder, "-o", zip, "--catalog", Verticals);
        Assert.True(built.Code == 0, built.Error);
        Assert.Equal(0, (await RunAsync("sign", zip, "--key", privateKey)).Code);
        var published = await RunAsync("publish", zip, "--url", app.Server.BaseAddress.ToString(), "--token", publisher.Client.DefaultRequestHeaders.Authorization!.Parameter!);
        Assert.True(published.Code == 0, published.Error);
        (await app.Operator().PostAsync($"/api/catalog/packs/{p}_desks/versions/1.0.0/publish", null, Ct)).EnsureSuccessStatusCode();

        var (fresh, freshKey) = await app.CreateTenantAsync("imp-rt");
        var target = app.ClientWithKey(freshKey);
        var freshRoot = $"/t/{fresh.Identifier}/api";
        var copied = await target.PostAsJsonAsync($"{freshRoot}/packs", new { id = $"{p}_desks", sampleData = true }, Ct);
        Assert.True(copied.StatusCode == HttpStatusCode.Created, await copied.Content.ReadAsStringAsync(Ct));

        var freshSets = (await target.GetFromJsonAsync<JsonArray>($"{freshRoot}/access/permission-sets", Ct))!
            .ToDictionary(s => s!["name"]!.GetValue<string>(), s => s!.AsObject());
        var nightSet = freshSets["acme_Night shift"];
        var original = sets.Single(s => s!["name"]!.GetValue<string>() == "Night shift")!;
        Assert.Equal(original["rules"]!.ToJsonString(), nightSet["rules"]!.ToJsonString());
        Assert.Equal("Reads desks, updates their own visits.", nightSet["description"]!.GetValue<string>());
        Assert.Equal("staff", string.Join(',', nightSet["roles"]!.AsArray().Select(r => r!.GetValue<string>())));
        Assert.Equal("readonly", string.Join(',', freshSets["acme_viewers"]["roles"]!.AsArray().Select(r => r!.GetValue<string>())));
        Assert.True(freshSets.ContainsKey("acme_agents") && freshSets.ContainsKey("acme_legacy"));

        var freshDesks = (await target.GetFromJsonAsync<JsonObject>($"{freshRoot}/data/acme_desk", Ct))!["value"]!.AsArray();
        Assert.Equal("D-1,D-2", string.Join(',', freshDesks.Select(d => d!["acme_code"]!.GetValue<string>()).Order(StringComparer.Ordinal)));
        var freshVisits = (await target.GetFromJsonAsync<JsonObject>($"{freshRoot}/data/acme_visit", Ct))!["value"]!.AsArray();
        Assert.Equal(2, freshVisits.Count);
        var courier = freshVisits.Single(v => v!["acme_subject"]!.GetValue<string>() == "Courier, \"urgent\"")!;
        Assert.Equal(freshDesks.Single(d => d!["acme_code"]!.GetValue<string>() == "D-2")!["id"]!.GetValue<string>(), courier["acme_desk"]!.GetValue<string>());
        var first = freshVisits.Single(v => v!["acme_subject"]!.GetValue<string>() == "来访登记")!;
        Assert.Equal("王先生", first["acme_note"]!.GetValue<string>());
        Assert.Equal(freshDesks.Single(d => d!["acme_code"]!.GetValue<string>() == "D-1")!["id"]!.GetValue<string>(), first["acme_desk"]!.GetValue<string>());
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Saas.PackTool.PackTool.RunAsync(args, output, error, app.Server.CreateHandler(), Ct);
        return (code, output.ToString(), error.ToString().Replace("\r", string.Empty, StringComparison.Ordinal));
    }
}

[Collection(OnSqlite.Name)]
public sealed class PackExportRoundTripOnSqlite(SqliteApp app) : PackExportRoundTripSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackExportRoundTripOnPostgres(PostgresApp app) : PackExportRoundTripSpec(app);
