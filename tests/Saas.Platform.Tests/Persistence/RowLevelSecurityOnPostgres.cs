using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;
using Saas.Platform.Tests.Infrastructure;
using UUIDNext;

namespace Saas.Platform.Tests.Persistence;

/// <summary>PostgreSQL's row-level security holds on its own, with the EF tenant filter switched off.</summary>
[Collection(OnPostgres.Name)]
public sealed class RowLevelSecurityOnPostgres(PostgresApp app)
{
    [Fact]
    public async Task Every_tenant_table_forces_row_level_security()
    {
        var tables = await app.InTenantAsync(null, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            var tenantTables = db.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).Select(e => e.GetTableName()!).ToList();
            var secured = await db.Database.SqlQueryRaw<string>(
                "SELECT relname AS \"Value\" FROM pg_class WHERE relrowsecurity AND relforcerowsecurity").ToListAsync();
            return (tenantTables, secured);
        });

        Assert.NotEmpty(tables.tenantTables);
        Assert.All(tables.tenantTables, table => Assert.Contains(table, tables.secured));
    }

    [Fact]
    public async Task A_query_that_ignores_the_filter_still_sees_only_the_current_tenant()
    {
        var a = await app.TenantAsync((await app.CreateTenantAsync("rls-a")).Tenant.Identifier);
        var b = await app.TenantAsync((await app.CreateTenantAsync("rls-b")).Tenant.Identifier);

        var seenByA = await app.InTenantAsync(a, sp => sp.GetRequiredService<TenantDbContext>()
            .AuditEntries.IgnoreQueryFilters([TenantDbContext.TenantFilter]).Select(e => e.TenantId).Distinct().ToListAsync());
        var rawCountForB = await app.InTenantAsync(a, sp => sp.GetRequiredService<TenantDbContext>().Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM \"AuditEntries\" WHERE \"TenantId\" = {b.Id}").SingleAsync());
        var seenWithoutTenant = await app.InTenantAsync(null, sp => sp.GetRequiredService<TenantDbContext>()
            .AuditEntries.IgnoreQueryFilters().CountAsync());

        Assert.Equal([a.Id], seenByA);
        Assert.Equal(0, rawCountForB);
        Assert.Equal(0, seenWithoutTenant);
    }

    [Fact]
    public async Task Row_level_security_refuses_a_write_for_another_tenant_that_bypasses_the_context()
    {
        var a = await app.TenantAsync((await app.CreateTenantAsync("rls-w-a")).Tenant.Identifier);
        var b = await app.TenantAsync((await app.CreateTenantAsync("rls-w-b")).Tenant.Identifier);

        var error = await Assert.ThrowsAsync<PostgresException>(() => app.InTenantAsync(a, sp => sp.GetRequiredService<TenantDbContext>().Database
            .ExecuteSqlAsync($"""INSERT INTO "AuditEntries" ("Id", "TenantId", "At", "Actor", "Action", "Target") VALUES ({Uuid.NewSequential()}, {b.Id}, now(), 'forger', 'test.forged', 'x')""")));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, error.SqlState); // 42501: new row violates row-level security policy
        var countOfB = await app.InTenantAsync(b, sp => sp.GetRequiredService<TenantDbContext>().AuditEntries.CountAsync());
        Assert.Equal(2, countOfB);
    }

    [Fact]
    public async Task The_setting_does_not_outlive_its_transaction_on_a_pooled_connection()
    {
        var a = await app.TenantAsync((await app.CreateTenantAsync("rls-pool")).Tenant.Identifier);

        var (during, after) = await app.InTenantAsync(a, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            await db.Database.OpenConnectionAsync();
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var seen = await db.AuditEntries.CountAsync();
            await using var probe = new NpgsqlCommand("SELECT coalesce(current_setting('app.tenant_id', true), '')", connection);
            return (seen, (string)(await probe.ExecuteScalarAsync())!);
        });

        Assert.Equal(2, during);
        Assert.Equal(string.Empty, after);
    }

    [Fact]
    public async Task A_statement_outside_a_transaction_runs_as_the_tenant_without_a_warning_from_the_server()
    {
        var a = await app.TenantAsync((await app.CreateTenantAsync("rls-solo")).Tenant.Identifier);

        var (seen, notices) = await app.InTenantAsync(a, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            await db.Database.OpenConnectionAsync();
            var notices = new List<string>();
            ((NpgsqlConnection)db.Database.GetDbConnection()).Notice += (_, e) => notices.Add($"{e.Notice.Severity}: {e.Notice.MessageText}");
            var seen = await db.AuditEntries.IgnoreQueryFilters([TenantDbContext.TenantFilter]).Select(e => e.TenantId).Distinct().ToListAsync();
            return (seen, notices);
        });

        Assert.Equal([a.Id], seen);
        Assert.Empty(notices);
    }

    [Fact]
    public async Task Audit_entries_written_through_the_log_are_readable_by_their_tenant_only()
    {
        var a = await app.TenantAsync((await app.CreateTenantAsync("rls-log")).Tenant.Identifier);

        await app.InTenantAsync(a, sp => sp.GetRequiredService<IAuditLog>().RecordAsync("test", "test.logged", "x", null, CancellationToken.None));
        var entries = await app.InTenantAsync(a, sp => sp.GetRequiredService<IAuditLog>().ReadAsync(10, CancellationToken.None));

        Assert.Contains(entries, e => e.Action == "test.logged");
        Assert.Equal(TenantIsolation.Shared, a.Isolation);
    }
}
