using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Packs.Publishing;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Packs.Publishing;

/// <summary>
/// Publishing through the HTTP API: a signed upload is submitted, an operator publishes it, a tenant installs it from
/// the catalog and the publisher sees the install; uploads that are tampered with, badly signed, someone else's,
/// unsafe or invalid are refused with problems that say why.
/// </summary>
public abstract class PackPublishingSpec(PlatformApp app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_signed_upload_is_submitted_then_published_then_installed_by_a_tenant_and_seen_by_its_publisher()
    {
        var publisher = await app.PublisherAsync();
        var packId = $"{publisher.Id}_stamps";
        var zip = PackZip.Create(PublishingFixtures.PackFolder(publisher.Id));

        var uploaded = await publisher.Client.UploadSignedAsync(zip, publisher.PrivateKeyPem);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(Ct));
        var submitted = (await uploaded.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("submitted", submitted["state"]!.GetValue<string>());
        Assert.Equal(PackSignature.Checksum(zip), submitted["checksum"]!.GetValue<string>());
        Assert.Equal(publisher.KeyId, submitted["keyId"]!.GetValue<Guid>());

        // Submitted is not installable: not in the catalog, and a tenant cannot install it.
        var (tenant, key) = await app.CreateTenantAsync("pub-install");
        var tenantClient = app.ClientWithKey(key);
        var root = $"/t/{tenant.Identifier}/api";
        Assert.DoesNotContain(await CatalogIdsAsync(app.Operator(), "/api/catalog/packs"), id => id == packId);
        Assert.Equal(HttpStatusCode.Created, (await tenantClient.PostAsJsonAsync($"{root}/packs", new { id = "core" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenantClient.PostAsJsonAsync($"{root}/packs", new { id = packId, version = "1.0.0" }, Ct)).StatusCode);

        // Neither a tenant's key nor the publisher itself publishes; an operator does.
        var publishUrl = $"/api/catalog/packs/{packId}/versions/1.0.0/publish";
        Assert.Equal(HttpStatusCode.NotFound, (await tenantClient.PostAsync(publishUrl, null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await publisher.Client.PostAsync(publishUrl, null, Ct)).StatusCode);
        var queue = (await app.Operator().GetFromJsonAsync<JsonArray>("/api/catalog/uploads?state=submitted", Ct))!;
        Assert.Contains(queue, u => u!["id"]!.GetValue<string>() == packId);
        var published = await app.Operator().PostAsync(publishUrl, null, Ct);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync(Ct));
        Assert.Equal("published", (await published.Content.ReadFromJsonAsync<JsonObject>(Ct))!["state"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await app.Operator().PostAsync(publishUrl, null, Ct)).StatusCode);

        // Published: in the catalog for operators and for tenants, and installable.
        Assert.Contains(await CatalogIdsAsync(app.Operator(), "/api/catalog/packs"), id => id == packId);
        var forTenant = (await tenantClient.GetFromJsonAsync<JsonArray>($"{root}/catalog/packs", Ct))!;
        var listed = forTenant.Single(p => p!["id"]!.GetValue<string>() == packId)!;
        Assert.Equal(["1.0.0"], listed["versions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(publisher.Id, listed["publisher"]!.GetValue<string>());
        var installed = await tenantClient.PostAsJsonAsync($"{root}/packs", new { id = packId, version = "1.0.0", sampleData = true }, Ct);
        Assert.True(installed.StatusCode == HttpStatusCode.Created, await installed.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await tenantClient.GetAsync($"{root}/metadata/entities/{publisher.Id}_card", Ct)).StatusCode);

        // The zip carried dashboards/: the pack's dashboard answers over its sample cards (3 and 10 stamps).
        var dashboard = (await tenantClient.GetFromJsonAsync<JsonArray>($"{root}/dashboards", Ct))!.Single(d => d!["apiName"]!.GetValue<string>() == $"{publisher.Id}_stampCards")!;
        var widgets = (await tenantClient.GetFromJsonAsync<JsonObject>($"{root}/dashboards/{dashboard["id"]!.GetValue<string>()}/data", Ct))!["widgets"]!.AsArray();
        Assert.Equal((2L, 13m), (widgets[0]!["report"]!["count"]!.GetValue<long>(), widgets[2]!["report"]!["value"]!.GetValue<decimal>()));

        // The publisher sees which tenant runs which version; another publisher does not.
        var installs = (await publisher.Client.GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/installs", Ct))!;
        var install = Assert.Single(installs);
        Assert.Equal(tenant.Identifier, install!["tenant"]!.GetValue<string>());
        Assert.Equal(packId, install["packId"]!.GetValue<string>());
        Assert.Equal("1.0.0", install["version"]!.GetValue<string>());
        var other = await app.PublisherAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync($"/api/catalog/publishers/{publisher.Id}/installs", Ct)).StatusCode);

        // The same version cannot be uploaded again.
        var again = await publisher.Client.UploadSignedAsync(zip, publisher.PrivateKeyPem);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Version exists", await again.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        // Deprecated: out of the catalog; the tenant that runs it keeps it.
        var deprecated = await publisher.Client.PostAsync($"/api/catalog/packs/{packId}/versions/1.0.0/deprecate", null, Ct);
        Assert.Equal(HttpStatusCode.OK, deprecated.StatusCode);
        Assert.DoesNotContain(await CatalogIdsAsync(app.Operator(), "/api/catalog/packs"), id => id == packId);
        Assert.Equal(HttpStatusCode.OK, (await tenantClient.GetAsync($"{root}/packs/{packId}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Tampered_badly_signed_foreign_unsafe_and_invalid_uploads_are_refused_with_their_problems()
    {
        var publisher = await app.PublisherAsync();
        var folder = PublishingFixtures.PackFolder(publisher.Id);
        var zip = PackZip.Create(folder);
        var checksum = PackSignature.Checksum(zip);
        var signature = PackSignature.Sign(zip, publisher.PrivateKeyPem);

        // No signature headers.
        await RefusedAsync(await publisher.Client.UploadAsync(zip, null, null), HttpStatusCode.BadRequest, "Signature missing");

        // Tampered zip: its bytes no longer match the declared checksum.
        var tampered = zip.ToArray();
        tampered[tampered.Length / 2] ^= 0x5a;
        await RefusedAsync(await publisher.Client.UploadAsync(tampered, checksum, signature), HttpStatusCode.BadRequest, "Checksum mismatch");

        // Another zip with its own checksum but the original's signature.
        var changed = PackZip.Create(PublishingFixtures.PackFolder(publisher.Id, "1.0.1"));
        await RefusedAsync(await publisher.Client.UploadAsync(changed, PackSignature.Checksum(changed), signature), HttpStatusCode.BadRequest, "Bad signature");

        // A key the publisher never registered.
        var (stranger, _) = PackSignature.NewKeyPair();
        await RefusedAsync(await publisher.Client.UploadSignedAsync(zip, stranger), HttpStatusCode.BadRequest, "Bad signature");

        // A revoked key.
        var revoked = await publisher.Client.DeleteAsync($"/api/catalog/publishers/{publisher.Id}/keys/{publisher.KeyId}", Ct);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await RefusedAsync(await publisher.Client.UploadAsync(zip, checksum, signature), HttpStatusCode.BadRequest, "Bad signature");
        var (fresh, freshPublic) = PackSignature.NewKeyPair();
        (await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/keys", new { name = "new laptop", publicKey = freshPublic }, Ct)).EnsureSuccessStatusCode();
        var keys = (await publisher.Client.GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/keys", Ct))!;
        Assert.Equal(2, keys.Count);
        Assert.Single(keys, k => k!["revokedAt"] is not null);

        // Another publisher's pack, signed with this publisher's key: refused.
        var other = await app.PublisherAsync();
        var foreign = PackZip.Create(PublishingFixtures.PackFolder(other.Id));
        await RefusedAsync(await publisher.Client.UploadSignedAsync(foreign, fresh), HttpStatusCode.Forbidden, "Not the pack's publisher");

        // An entry that climbs out of the pack.
        var files = PublishingFixtures.Files(folder);
        var traversal = PublishingFixtures.Zip(new Dictionary<string, string>(files) { ["../../etc/evil.yaml"] = "x: 1" });
        var body = await RefusedAsync(await publisher.Client.UploadSignedAsync(traversal, fresh), HttpStatusCode.BadRequest, "Invalid pack");
        Assert.Contains("../../etc/evil.yaml", body, StringComparison.Ordinal);
        var unexpected = PublishingFixtures.Zip(new Dictionary<string, string>(files) { ["scripts/run.sh"] = "rm -rf /" });
        Assert.Contains("scripts/run.sh", await RefusedAsync(await publisher.Client.UploadSignedAsync(unexpected, fresh), HttpStatusCode.BadRequest, "Invalid pack"), StringComparison.Ordinal);

        // A field without the publisher's prefix: the validator's problem, with file, path and reason.
        var entity = files.Keys.Single(f => f.StartsWith("entities/", StringComparison.Ordinal));
        var invalid = PublishingFixtures.Zip(new Dictionary<string, string>(files) { [entity] = files[entity].Replace($"apiName: {publisher.Id}_code", "apiName: code", StringComparison.Ordinal) });
        var problems = await RefusedAsync(await publisher.Client.UploadSignedAsync(invalid, fresh), HttpStatusCode.BadRequest, "Invalid pack");
        var parsed = JsonNode.Parse(problems)!["problems"]!.AsArray();
        Assert.Contains(parsed, p => p!["file"]!.GetValue<string>() == entity && p["path"]!.GetValue<string>().Length > 0 && p["reason"]!.GetValue<string>().Contains(publisher.Id, StringComparison.Ordinal));

        // A tenant's key cannot reach the route; a signed-in tenant member without the partner role cannot upload.
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithKey(publisher.TenantKey).UploadSignedAsync(zip, fresh)).StatusCode);
        var member = await app.AddMemberAsync(publisher.TenantIdentifier, publisher.TenantKey, $"m-{Guid.NewGuid():N}@example.com", Saas.Platform.Security.TenantRoles.Admin);
        var memberClient = await app.SignedInAsync(member.Email);
        await RefusedAsync(await memberClient.UploadSignedAsync(zip, fresh), HttpStatusCode.Forbidden, "Not the pack's publisher");
        Assert.Equal(HttpStatusCode.Forbidden, (await memberClient.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/keys", new { name = "x", publicKey = freshPublic }, Ct)).StatusCode);

        // Nothing of the above was stored; the good zip with a good key still goes in.
        Assert.Empty((await publisher.Client.GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/packs", Ct))!);
        Assert.Equal(HttpStatusCode.Created, (await publisher.Client.UploadSignedAsync(zip, fresh)).StatusCode);
    }

    [Fact]
    public async Task Publisher_accounts_and_keys_are_checked()
    {
        var publisher = await app.PublisherAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await app.Operator().PostAsJsonAsync("/api/catalog/publishers", new { id = publisher.Id, displayName = "Again" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Operator().PostAsJsonAsync("/api/catalog/publishers", new { id = "platform", displayName = "Us" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Operator().PostAsJsonAsync("/api/catalog/publishers", new { id = "Bad Name", displayName = "x" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await publisher.Client.PostAsJsonAsync("/api/catalog/publishers", new { id = "zz_mine", displayName = "Mine" }, Ct)).StatusCode);

        var notPem = await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/keys", new { name = "bad", publicKey = "hello" }, Ct);
        await RefusedAsync(notPem, HttpStatusCode.BadRequest, "Invalid key");
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var rsaKey = await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/keys", new { name = "rsa", publicKey = rsa.ExportSubjectPublicKeyInfoPem() }, Ct);
        await RefusedAsync(rsaKey, HttpStatusCode.BadRequest, "Invalid key");
        using var p384 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP384);
        var wrongCurve = await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/keys", new { name = "p384", publicKey = p384.ExportSubjectPublicKeyInfoPem() }, Ct);
        await RefusedAsync(wrongCurve, HttpStatusCode.BadRequest, "Invalid key");

        var detail = (await app.Operator().GetFromJsonAsync<JsonObject>($"/api/catalog/publishers/{publisher.Id}", Ct))!;
        Assert.Single(detail["members"]!.AsArray());
    }

    [Fact]
    public async Task A_publishers_API_key_publishes_its_packs_only_until_revoked_and_does_nothing_else()
    {
        var publisher = await app.PublisherAsync();
        var other = await app.PublisherAsync();
        var created = await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/api-keys", new { name = "build server" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = (await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        var secret = key["secret"]!.GetValue<string>();
        Assert.StartsWith("saaspub_", secret, StringComparison.Ordinal);
        Assert.StartsWith(key["prefix"]!.GetValue<string>(), secret, StringComparison.Ordinal);
        await RefusedAsync(await publisher.Client.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/api-keys", new { name = " " }, Ct), HttpStatusCode.BadRequest, "Invalid key");

        // Listed without its secret, to the publisher's people and the operator only.
        var listed = Assert.Single((await publisher.Client.GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/api-keys", Ct))!)!;
        Assert.Equal("build server", listed["name"]!.GetValue<string>());
        Assert.Null(listed["secret"]);
        Assert.Single((await app.Operator().GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/api-keys", Ct))!);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.GetAsync($"/api/catalog/publishers/{publisher.Id}/api-keys", Ct)).StatusCode);

        // The key uploads the publisher's signed zip, and reads and deprecates its versions.
        var build = app.ClientWithKey(secret);
        var zip = PublishingFixtures.Zip(PublishingFixtures.Files(PublishingFixtures.PackFolder(publisher.Id)));
        var uploaded = await build.UploadSignedAsync(zip, publisher.PrivateKeyPem);
        Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync(Ct));
        Assert.StartsWith("api-key:", (await uploaded.Content.ReadFromJsonAsync<JsonObject>(Ct))!["uploadedBy"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single((await build.GetFromJsonAsync<JsonArray>($"/api/catalog/publishers/{publisher.Id}/packs", Ct))!);

        // It is no person: it may not register signing keys, mint API keys or act for another publisher.
        var (_, freshPublic) = PackSignature.NewKeyPair();
        var signingKey = await build.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/keys", new { name = "sneaky", publicKey = freshPublic }, Ct);
        Assert.Contains("API key may not do this", await RefusedAsync(signingKey, HttpStatusCode.Forbidden, "Not a publisher member"), StringComparison.Ordinal);
        await RefusedAsync(await build.PostAsJsonAsync($"/api/catalog/publishers/{publisher.Id}/api-keys", new { name = "more" }, Ct), HttpStatusCode.Forbidden, "Not a publisher member");
        var foreign = await build.GetAsync($"/api/catalog/publishers/{other.Id}/packs", Ct);
        Assert.Contains($"publishes for '{publisher.Id}'", await RefusedAsync(foreign, HttpStatusCode.Forbidden, "Not a publisher member"), StringComparison.Ordinal);
        var otherZip = PublishingFixtures.Zip(PublishingFixtures.Files(PublishingFixtures.PackFolder(other.Id)));
        await RefusedAsync(await build.UploadSignedAsync(otherZip, other.PrivateKeyPem), HttpStatusCode.Forbidden, "Not the pack's publisher");

        // Nor does it open any tenant's data, the publisher's own tenant included.
        var tenantRead = await build.GetAsync($"/t/{publisher.TenantIdentifier}/api/metadata/entities", Ct);
        Assert.True(tenantRead.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{(int)tenantRead.StatusCode}");
        Assert.Equal(HttpStatusCode.Forbidden, (await build.GetAsync("/api/catalog/uploads", Ct)).StatusCode);

        // Revoked (by the operator, say), it is refused at once.
        var keyId = key["id"]!.GetValue<Guid>();
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Client.DeleteAsync($"/api/catalog/publishers/{publisher.Id}/api-keys/{keyId}", Ct)).StatusCode);
        var revoked = await app.Operator().DeleteAsync($"/api/catalog/publishers/{publisher.Id}/api-keys/{keyId}", Ct);
        Assert.NotNull((await revoked.Content.ReadFromJsonAsync<JsonObject>(Ct))!["revokedAt"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await build.GetAsync($"/api/catalog/publishers/{publisher.Id}/packs", Ct)).StatusCode);
    }

    private static async Task<string> RefusedAsync(HttpResponseMessage response, HttpStatusCode status, string title)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Contains(title, JsonNode.Parse(body)!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        return body;
    }

    private static async Task<List<string>> CatalogIdsAsync(HttpClient client, string url) =>
        [.. (await client.GetFromJsonAsync<JsonArray>(url, Ct))!.Select(p => p!["id"]!.GetValue<string>())];
}

[Collection(OnSqlite.Name)]
public sealed class PackPublishingOnSqlite(SqliteApp app) : PackPublishingSpec(app);

[Collection(OnPostgres.Name)]
public sealed class PackPublishingOnPostgres(PostgresApp app) : PackPublishingSpec(app);
