using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;
using Saas.Platform.Tests.Infrastructure;
using UUIDNext;

namespace Saas.Platform.Tests.Persistence;

/// <summary>
/// Two shared tenants and one dedicated tenant: every read path and every write, including writes that forge a
/// TenantId, stays inside its own tenant.
/// </summary>
public abstract class TenantIsolationSpec(PlatformApp app) : IAsyncLifetime
{
    private (TenantResponse Tenant, string Key) a;
    private (TenantResponse Tenant, string Key) b;
    private (TenantResponse Tenant, string Key) dedicated;

    public async ValueTask InitializeAsync()
    {
        a = await app.CreateTenantAsync("shared-a");
        b = await app.CreateTenantAsync("shared-b");
        dedicated = await app.CreateTenantAsync("dedicated", "dedicated");
        foreach (var (tenant, key) in new[] { a, b, dedicated })
        {
            var created = await app.ClientWithKey(key).PostAsJsonAsync($"/t/{tenant.Identifier}/api/keys", new { name = $"key of {tenant.Identifier}" });
            created.EnsureSuccessStatusCode();
        }
    }

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Each_tenant_reads_only_its_own_audit_log_and_keys()
    {
        foreach (var (tenant, key) in new[] { a, b, dedicated })
        {
            var client = app.ClientWithKey(key);
            var audit = await client.GetFromJsonAsync<AuditRecord[]>($"/t/{tenant.Identifier}/api/audit", TestContext.Current.CancellationToken);
            var keys = await client.GetFromJsonAsync<JsonKey[]>($"/t/{tenant.Identifier}/api/keys", TestContext.Current.CancellationToken);

            Assert.Equal(3, audit!.Length); // tenant.created, apikey.created (first key), apikey.created (the second)
            Assert.Contains(audit, e => e.Action == "tenant.created" && e.Target == tenant.Identifier);
            Assert.Equal([$"First admin key", $"key of {tenant.Identifier}"], keys!.Select(k => k.Name));
        }
    }

    [Theory]
    [InlineData("GET", "api/tenant")]
    [InlineData("GET", "api/audit")]
    [InlineData("GET", "api/keys")]
    [InlineData("POST", "api/keys")]
    public async Task Another_tenants_key_gets_404_on_every_route(string method, string route)
    {
        foreach (var (target, intruder) in new[] { (a, b), (b, a), (dedicated, a), (a, dedicated) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), $"/t/{target.Tenant.Identifier}/{route}")
            {
                Content = method == "POST" ? JsonContent.Create(new { name = "intruder" }) : null,
            };

            var response = await app.ClientWithKey(intruder.Key).SendAsync(request, TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var keysOfA = await app.ClientWithKey(a.Key).GetFromJsonAsync<JsonKey[]>($"/t/{a.Tenant.Identifier}/api/keys", TestContext.Current.CancellationToken);
        Assert.DoesNotContain(keysOfA!, k => k.Name == "intruder");
    }

    [Fact]
    public async Task A_tenant_cannot_revoke_another_tenants_key_by_its_id()
    {
        var keysOfA = await app.ClientWithKey(a.Key).GetFromJsonAsync<JsonKey[]>($"/t/{a.Tenant.Identifier}/api/keys", TestContext.Current.CancellationToken);
        var firstKeyOfA = keysOfA![0].Id;

        var response = await app.ClientWithKey(b.Key).DeleteAsync($"/t/{b.Tenant.Identifier}/api/keys/{firstKeyOfA}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientWithKey(a.Key).GetAsync($"/t/{a.Tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_dedicated_tenants_rows_live_in_its_own_database_only()
    {
        var tenant = await app.TenantAsync(dedicated.Tenant.Identifier);
        Assert.Equal(TenantIsolation.Dedicated, tenant.Isolation);
        Assert.NotEqual(app.ConnectionString, tenant.ConnectionString);

        var inOwnDatabase = await app.InTenantAsync(tenant, sp => sp.GetRequiredService<TenantDbContext>().AuditEntries.CountAsync());
        var inPlatformDatabase = await app.InTenantAsync(tenant, sp =>
            DesignTime.CreateTenant(app.Provider, app.ConnectionString).AuditEntries.IgnoreQueryFilters().CountAsync(e => e.TenantId == tenant.Id));

        Assert.Equal(3, inOwnDatabase);
        Assert.Equal(0, inPlatformDatabase);
    }

    [Fact]
    public async Task Saving_a_row_with_another_tenants_id_throws()
    {
        var tenantA = await app.TenantAsync(a.Tenant.Identifier);

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync(tenantA, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            db.AuditEntries.Add(Entry(tenantId: b.Tenant.Id));
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(3, await CountAsync(b.Tenant.Identifier));
    }

    [Fact]
    public async Task Moving_a_row_to_another_tenant_throws()
    {
        var tenantA = await app.TenantAsync(a.Tenant.Identifier);

        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync(tenantA, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            var entry = await db.AuditEntries.FirstAsync();
            entry.TenantId = b.Tenant.Id;
            return await db.SaveChangesAsync();
        }));

        Assert.Equal(3, await CountAsync(a.Tenant.Identifier));
        Assert.Equal(3, await CountAsync(b.Tenant.Identifier));
    }

    [Fact]
    public async Task Saving_tenant_data_without_a_tenant_throws()
    {
        await Assert.ThrowsAsync<TenantMismatchException>(() => app.InTenantAsync<int>(null, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            db.AuditEntries.Add(Entry(tenantId: a.Tenant.Id));
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task A_query_without_a_tenant_sees_no_tenant_data()
    {
        var count = await app.InTenantAsync(null, sp => sp.GetRequiredService<TenantDbContext>().AuditEntries.CountAsync());

        Assert.Equal(0, count);
    }

    [Fact]
    public async Task A_new_row_without_a_tenant_id_is_stamped_with_the_current_tenant()
    {
        var tenantB = await app.TenantAsync(b.Tenant.Identifier);

        await app.InTenantAsync(tenantB, sp => sp.GetRequiredService<IAuditLog>().RecordAsync("test", "test.stamped", "x", null, CancellationToken.None));

        Assert.Equal(4, await CountAsync(b.Tenant.Identifier));
        Assert.Equal(3, await CountAsync(a.Tenant.Identifier));
    }

    private async Task<int> CountAsync(string identifier)
    {
        var tenant = await app.TenantAsync(identifier);
        return await app.InTenantAsync(tenant, sp => sp.GetRequiredService<TenantDbContext>().AuditEntries.CountAsync());
    }

    private static AuditEntry Entry(Guid tenantId) => new()
    {
        Id = Uuid.NewSequential(),
        TenantId = tenantId,
        At = DateTimeOffset.UtcNow,
        Actor = "forger",
        Action = "test.forged",
        Target = "x",
    };

    private sealed record JsonKey(Guid Id, string Name);
}

[Collection(OnSqlite.Name)]
public sealed class TenantIsolationOnSqlite(SqliteApp app) : TenantIsolationSpec(app);

[Collection(OnPostgres.Name)]
public sealed class TenantIsolationOnPostgres(PostgresApp app) : TenantIsolationSpec(app);
