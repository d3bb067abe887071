using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Workflows;
using UUIDNext;

namespace Saas.Platform.Tests.Persistence;

/// <summary>
/// The tenant setting and a savepoint that wait for the transaction's next statement behave exactly as if sent at
/// once, whatever that statement is: a query they travel with, a save, an insert EF Core does not see, a savepoint
/// operation or the rollback itself.
/// </summary>
[Collection(OnPostgres.Name)]
public sealed class DeferredStatementsOnPostgres(PostgresApp app)
{
    private const string Savepoint = "spec_step";

    public enum FirstAfter
    {
        Query,
        Save,
        UntrackedInsert,
        Rollback,
    }

    [Theory]
    [InlineData(FirstAfter.Query)]
    [InlineData(FirstAfter.Save)]
    [InlineData(FirstAfter.UntrackedInsert)]
    [InlineData(FirstAfter.Rollback)]
    public async Task Rolling_back_to_a_deferred_savepoint_keeps_what_came_before_and_drops_what_came_after(FirstAfter first)
    {
        var tenant = await app.TenantAsync((await app.CreateTenantAsync("savepoint")).Tenant.Identifier);
        var (before, after, logged) = (Uuid.NewSequential(), Uuid.NewSequential(), Uuid.NewSequential());

        await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AuditEntries.Add(Entry(before));
            await db.SaveChangesAsync();

            await DeferredStatements.SetSavepointAsync(db, transaction, Savepoint, CancellationToken.None);
            switch (first)
            {
                case FirstAfter.Query:
                    Assert.True(await db.AuditEntries.AnyAsync(e => e.Id == before));
                    break;
                case FirstAfter.UntrackedInsert:
                    AddedRows.Stage(db, LogEntry(logged));
                    await AddedRows.InsertAsync(db, CancellationToken.None);
                    break;
            }

            if (first != FirstAfter.Rollback)
            {
                db.AuditEntries.Add(Entry(after));
                await db.SaveChangesAsync();
            }

            await transaction.RollbackToSavepointAsync(Savepoint);
            db.ChangeTracker.Clear();
            await transaction.CommitAsync();
        });

        var (kept, gone, log) = await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            return (await db.AuditEntries.AnyAsync(e => e.Id == before), await db.AuditEntries.AnyAsync(e => e.Id == after), await db.WorkflowTriggerLog.AnyAsync(e => e.Id == logged));
        });
        Assert.True(kept);
        Assert.False(gone);
        Assert.False(log);
    }

    [Theory]
    [InlineData(FirstAfter.Query)]
    [InlineData(FirstAfter.Save)]
    [InlineData(FirstAfter.UntrackedInsert)]
    public async Task The_first_statement_of_a_transaction_runs_as_the_tenant(FirstAfter first)
    {
        var tenant = await app.TenantAsync((await app.CreateTenantAsync("first-statement")).Tenant.Identifier);
        var id = Uuid.NewSequential();

        var seen = await app.InTenantAsync(tenant, async sp =>
        {
            // Row-level security shows a statement without the setting no rows, and refuses its inserts.
            var db = sp.GetRequiredService<TenantDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var seen = -1;
            switch (first)
            {
                case FirstAfter.Query:
                    seen = await db.AuditEntries.IgnoreQueryFilters().CountAsync();
                    break;
                case FirstAfter.Save:
                    db.AuditEntries.Add(Entry(id));
                    await db.SaveChangesAsync();
                    break;
                case FirstAfter.UntrackedInsert:
                    AddedRows.Stage(db, LogEntry(id));
                    await AddedRows.InsertAsync(db, CancellationToken.None);
                    break;
            }

            await transaction.CommitAsync();
            return seen;
        });

        var written = await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            return await db.AuditEntries.AnyAsync(e => e.Id == id) || await db.WorkflowTriggerLog.AnyAsync(e => e.Id == id);
        });
        Assert.Equal(first == FirstAfter.Query ? 2 : -1, seen); // a new tenant's two audit entries
        Assert.Equal(first != FirstAfter.Query, written);
    }

    [Fact]
    public async Task Rolling_back_a_savepoint_set_first_in_a_transaction_keeps_the_tenant_setting()
    {
        var tenant = await app.TenantAsync((await app.CreateTenantAsync("first-savepoint")).Tenant.Identifier);

        var seen = await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            await transaction.CreateSavepointAsync("spec_first");
            await transaction.RollbackToSavepointAsync("spec_first");
            var seen = await db.AuditEntries.IgnoreQueryFilters().CountAsync();
            await transaction.CommitAsync();
            return seen;
        });

        Assert.Equal(2, seen);
    }

    [Fact]
    public async Task What_no_statement_needed_is_dropped_with_its_transaction()
    {
        var tenant = await app.TenantAsync((await app.CreateTenantAsync("savepoint-unused")).Tenant.Identifier);
        var id = Uuid.NewSequential();

        var waiting = await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AuditEntries.Add(Entry(id));
            await db.SaveChangesAsync();
            await DeferredStatements.SetSavepointAsync(db, transaction, Savepoint, CancellationToken.None);
            await transaction.CommitAsync();
            return db.DeferredStatements.Count;
        });

        Assert.Equal(0, waiting);
        Assert.True(await app.InTenantAsync(tenant, sp => sp.GetRequiredService<TenantDbContext>().AuditEntries.AnyAsync(e => e.Id == id)));
    }

    private static AuditEntry Entry(Guid id) => new() { Id = id, At = DateTimeOffset.UtcNow, Actor = "spec", Action = "spec.savepoint", Target = id.ToString() };

    private static StoredTriggerEvent LogEntry(Guid id) => new()
    {
        Id = id, At = DateTimeOffset.UtcNow, Event = "spec", Entity = "deal", Outcome = "skipped", Reason = "a spec",
    };
}
