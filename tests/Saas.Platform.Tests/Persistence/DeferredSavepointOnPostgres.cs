using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Audit;
using Saas.Platform.Persistence;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Workflows;

namespace Saas.Platform.Tests.Persistence;

/// <summary>
/// A savepoint that waits for the transaction's next statement undoes exactly what an eager one would, whatever that
/// statement is: a query it travels with, a save, an insert EF Core does not see, or the rollback itself.
/// </summary>
[Collection(OnPostgres.Name)]
public sealed class DeferredSavepointOnPostgres(PostgresApp app)
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
    public async Task Rolling_back_to_it_keeps_what_came_before_and_drops_what_came_after(FirstAfter first)
    {
        var tenant = await app.TenantAsync((await app.CreateTenantAsync("savepoint")).Tenant.Identifier);
        var (before, after, logged) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());

        await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AuditEntries.Add(Entry(before));
            await db.SaveChangesAsync();

            await DeferredSavepoint.SetAsync(db, transaction, Savepoint, CancellationToken.None);
            switch (first)
            {
                case FirstAfter.Query:
                    Assert.True(await db.AuditEntries.AnyAsync(e => e.Id == before));
                    break;
                case FirstAfter.UntrackedInsert:
                    AddedRows.Stage(db, new StoredTriggerEvent
                    {
                        Id = logged, At = DateTimeOffset.UtcNow, Event = "spec", Entity = "deal", Outcome = "skipped", Reason = "a spec",
                    });
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

    [Fact]
    public async Task A_savepoint_no_statement_needed_is_dropped_with_its_transaction()
    {
        var tenant = await app.TenantAsync((await app.CreateTenantAsync("savepoint-unused")).Tenant.Identifier);
        var id = Guid.CreateVersion7();

        var waiting = await app.InTenantAsync(tenant, async sp =>
        {
            var db = sp.GetRequiredService<TenantDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AuditEntries.Add(Entry(id));
            await db.SaveChangesAsync();
            await DeferredSavepoint.SetAsync(db, transaction, Savepoint, CancellationToken.None);
            await transaction.CommitAsync();
            return db.DeferredSavepoint;
        });

        Assert.Null(waiting);
        Assert.True(await app.InTenantAsync(tenant, sp => sp.GetRequiredService<TenantDbContext>().AuditEntries.AnyAsync(e => e.Id == id)));
    }

    private static AuditEntry Entry(Guid id) => new() { Id = id, At = DateTimeOffset.UtcNow, Actor = "spec", Action = "spec.savepoint", Target = id.ToString() };
}
