using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saas.Platform.Tenancy;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Tenancy;

/// <summary>Creating, listing, reading and disabling tenants through the HTTP API.</summary>
public abstract class TenantsApiSpec(PlatformApp app)
{
    [Fact]
    public async Task Creating_a_tenant_answers_201_with_the_tenant_and_a_working_admin_key()
    {
        var identifier = $"acme-{Guid.NewGuid().ToString("N")[..6]}";

        var response = await app.Operator().PostAsJsonAsync("/api/tenants", new { identifier, name = "Acme Ltd", isolation = "shared" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedTenantResponse>(TestContext.Current.CancellationToken))!;
        Assert.Equal(identifier, created.Tenant.Identifier);
        Assert.Equal("shared", created.Tenant.Isolation);
        Assert.StartsWith("saas_", created.ApiKey.Secret, StringComparison.Ordinal);
        var current = await app.ClientWithKey(created.ApiKey.Secret).GetFromJsonAsync<TenantResponse>($"/t/{identifier}/api/tenant", TestContext.Current.CancellationToken);
        Assert.Equal(created.Tenant.Id, current!.Id);
        Assert.Equal("Acme Ltd", current.Name);
    }

    [Fact]
    public async Task Listing_tenants_is_for_operators()
    {
        var (tenant, key) = await app.CreateTenantAsync("list");

        var list = await app.Operator().GetFromJsonAsync<TenantResponse[]>("/api/tenants", TestContext.Current.CancellationToken);
        Assert.Contains(list!, t => t.Identifier == tenant.Identifier);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithKey(null).GetAsync("/api/tenants", TestContext.Current.CancellationToken)).StatusCode);
        // A tenant's key names its tenant, and under a tenant the platform's routes do not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithKey(key).GetAsync("/api/tenants", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Theory]
    [InlineData("""{ "identifier": "ab", "name": "Short" }""", "identifier")] // under 3 characters
    [InlineData("""{ "identifier": "Acme", "name": "Upper case" }""", "identifier")] // upper case
    [InlineData("""{ "identifier": "acme_ltd", "name": "Underscore" }""", "identifier")] // underscore
    [InlineData("""{ "identifier": "-acme", "name": "Leading hyphen" }""", "identifier")] // starts with a hyphen
    [InlineData("""{ "identifier": "admin", "name": "Reserved" }""", "identifier")] // reserved word
    [InlineData("""{ "identifier": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "name": "64 long" }""", "identifier")] // 64 characters
    [InlineData("""{ "name": "No identifier" }""", "identifier")] // missing identifier
    [InlineData("""{ "identifier": "no-name" }""", "name")] // missing name
    [InlineData("""{ "identifier": "blank-name", "name": "   " }""", "name")] // blank name
    [InlineData("""{ "identifier": "iso-bad", "name": "Bad isolation", "isolation": "private" }""", "isolation")] // unknown isolation
    [InlineData("""{ "identifier": 42, "name": "Number" }""", "identifier")] // wrong JSON type
    [InlineData("""{ "identifier": "extra-prop", "name": "Extra", "plan": "gold" }""", "plan")] // unknown property is refused, not dropped
    [InlineData("""{ "identifier": "broken", """, "body")] // malformed JSON
    public async Task A_bad_tenant_body_is_a_400_naming_the_field(string body, string field)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await app.Operator().PostAsync("/api/tenants", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task All_bad_fields_are_reported_together()
    {
        var response = await app.Operator().PostAsJsonAsync("/api/tenants", new { identifier = "X", name = "", isolation = "cloud" }, TestContext.Current.CancellationToken);

        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("errors");
        Assert.Equal(["identifier", "isolation", "name"], errors.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task A_duplicate_identifier_is_a_409()
    {
        var (tenant, _) = await app.CreateTenantAsync("dup");

        var response = await app.Operator().PostAsJsonAsync("/api/tenants", new { identifier = tenant.Identifier, name = "Again" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_key_the_current_tenant_is_a_401()
    {
        var (tenant, _) = await app.CreateTenantAsync("nokey");

        var response = await app.ClientWithKey(null).GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_tenant_is_a_404_problem()
    {
        var (_, key) = await app.CreateTenantAsync("known");

        var response = await app.ClientWithKey(key).GetAsync("/t/no-such-tenant/api/tenant", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_disabled_tenant_is_a_404_until_enabled_again()
    {
        var (tenant, key) = await app.CreateTenantAsync("off");
        var client = app.ClientWithKey(key);

        var disable = await app.Operator().PatchAsJsonAsync($"/api/tenants/{tenant.Identifier}", new { isActive = false }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/tenant", TestContext.Current.CancellationToken)).StatusCode);

        await app.Operator().PatchAsJsonAsync($"/api/tenants/{tenant.Identifier}", new { isActive = true }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken)).StatusCode);
        var audit = await client.GetFromJsonAsync<Saas.Platform.Audit.AuditRecord[]>($"/t/{tenant.Identifier}/api/audit", TestContext.Current.CancellationToken);
        Assert.Equal(["tenant.enabled", "tenant.disabled"], audit!.Take(2).Select(e => e.Action));
    }

    [Fact]
    public async Task Disabling_an_unknown_tenant_is_a_404()
    {
        var response = await app.Operator().PatchAsJsonAsync("/api/tenants/no-such-tenant", new { isActive = false }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Errors_the_framework_raises_are_problems_too()
    {
        var client = app.ClientWithKey(null);

        var notFound = await client.GetAsync("/no/such/route", TestContext.Current.CancellationToken);
        var notAllowed = await client.DeleteAsync("/api/tenants", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, notAllowed.StatusCode);
        Assert.Equal("application/problem+json", notAllowed.Content.Headers.ContentType?.MediaType);
    }
}

[Collection(OnSqlite.Name)]
public sealed class TenantsApiOnSqlite(SqliteApp app) : TenantsApiSpec(app);

[Collection(OnPostgres.Name)]
public sealed class TenantsApiOnPostgres(PostgresApp app) : TenantsApiSpec(app);
