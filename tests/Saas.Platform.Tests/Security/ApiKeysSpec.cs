using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Security;

/// <summary>API keys: shown once, stored as a hash, listed without secrets, revoked at once.</summary>
public abstract class ApiKeysSpec(PlatformApp app)
{
    [Fact]
    public async Task A_key_is_stored_as_its_sha256_hash_and_never_as_the_secret()
    {
        var (tenant, admin) = await app.CreateTenantAsync("hash");

        var created = await CreateKeyAsync(tenant.Identifier, admin, "Integration");

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CatalogDbContext>().ApiKeys.AsNoTracking()
            .SingleAsync(k => k.Id == created.Id, TestContext.Current.CancellationToken);
        Assert.Equal(ApiKeySecret.Hash(created.Secret), stored.Hash);
        Assert.Equal(64, stored.Hash.Length);
        Assert.DoesNotContain(created.Secret, stored.Hash + stored.Prefix + stored.Name, StringComparison.Ordinal);
        Assert.Equal(created.Secret[..ApiKeySecret.PrefixLength], stored.Prefix);
    }

    [Fact]
    public async Task Listing_keys_shows_no_secret()
    {
        var (tenant, admin) = await app.CreateTenantAsync("list");
        var created = await CreateKeyAsync(tenant.Identifier, admin, "Reporting");

        var json = await app.ClientWithKey(admin).GetStringAsync($"/t/{tenant.Identifier}/api/keys", TestContext.Current.CancellationToken);

        Assert.Contains("Reporting", json, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, json, StringComparison.Ordinal);
        Assert.DoesNotContain(admin, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_at_once_and_the_revocation_is_audited()
    {
        var (tenant, admin) = await app.CreateTenantAsync("revoke");
        var created = await CreateKeyAsync(tenant.Identifier, admin, "Short-lived");
        var client = app.ClientWithKey(created.Secret);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken)).StatusCode);

        var revoke = await app.ClientWithKey(admin).DeleteAsync($"/t/{tenant.Identifier}/api/keys/{created.Id}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken)).StatusCode);
        var audit = await app.ClientWithKey(admin).GetFromJsonAsync<AuditRecord[]>($"/t/{tenant.Identifier}/api/audit", TestContext.Current.CancellationToken);
        Assert.Contains(audit!, e => e.Action == "apikey.revoked" && e.Target == created.Id.ToString());
        Assert.Contains(audit!, e => e.Action == "apikey.created" && e.Target == created.Id.ToString());
        Assert.Contains(audit!, e => e.Action == "tenant.created" && e.Actor == "operator");
    }

    [Fact]
    public async Task A_key_without_a_name_is_a_400_naming_the_field()
    {
        var (tenant, admin) = await app.CreateTenantAsync("noname");

        var response = await app.ClientWithKey(admin).PostAsJsonAsync($"/t/{tenant.Identifier}/api/keys", new { name = " " }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"name\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_acts_with_its_role_and_is_read_only_unless_told_otherwise()
    {
        var (tenant, admin) = await app.CreateTenantAsync("roles");
        var adminClient = app.ClientWithKey(admin);

        var plain = await CreateKeyAsync(tenant.Identifier, admin, "No role given");
        var staff = await adminClient.PostAsJsonAsync($"/t/{tenant.Identifier}/api/keys", new { name = "Staff", role = "staff" }, TestContext.Current.CancellationToken);
        var staffKey = (await staff.Content.ReadFromJsonAsync<CreatedApiKey>(TestContext.Current.CancellationToken))!;

        Assert.Equal("readonly", plain.Role);
        Assert.Equal("staff", staffKey.Role);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(plain.Secret).GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientWithKey(plain.Secret).GetAsync($"/t/{tenant.Identifier}/api/keys", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.ClientWithKey(staffKey.Secret).PostAsJsonAsync(
            $"/t/{tenant.Identifier}/api/keys", new { name = "Escalation", role = "admin" }, TestContext.Current.CancellationToken)).StatusCode);
        var listed = await adminClient.GetFromJsonAsync<ApiKeySummary[]>($"/t/{tenant.Identifier}/api/keys", TestContext.Current.CancellationToken);
        Assert.Equal(["admin", "readonly", "staff"], listed!.Select(k => k.Role));
    }

    [Fact]
    public async Task An_unknown_role_is_a_400_naming_the_field()
    {
        var (tenant, admin) = await app.CreateTenantAsync("badrole");

        var response = await app.ClientWithKey(admin).PostAsJsonAsync($"/t/{tenant.Identifier}/api/keys", new { name = "Root", role = "owner" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"role\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_key_is_a_401()
    {
        var (tenant, _) = await app.CreateTenantAsync("unknown");

        var response = await app.ClientWithKey("saas_not-a-real-key").GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<CreatedApiKey> CreateKeyAsync(string tenant, string adminKey, string name)
    {
        var client = app.ClientWithKey(adminKey);
        var response = await client.PostAsJsonAsync($"/t/{tenant}/api/keys", new { name }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/t/{tenant}/api/keys/", response.Headers.Location!.OriginalString[..^36]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(response.Headers.Location, TestContext.Current.CancellationToken)).StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedApiKey>(TestContext.Current.CancellationToken))!;
    }
}

[Collection(OnSqlite.Name)]
public sealed class ApiKeysOnSqlite(SqliteApp app) : ApiKeysSpec(app);

[Collection(OnPostgres.Name)]
public sealed class ApiKeysOnPostgres(PostgresApp app) : ApiKeysSpec(app);
