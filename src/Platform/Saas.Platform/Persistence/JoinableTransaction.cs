using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saas.Platform.Persistence;

/// <summary>
/// A transaction a service begins for its own write, or joins when its caller already holds one (a pack install runs
/// many metadata and record writes in one transaction). Only the one who began it commits; a joined one leaves the
/// commit, and the rollback, to the caller.
/// </summary>
internal sealed class JoinableTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? owned;

    private JoinableTransaction(IDbContextTransaction? owned) => this.owned = owned;

    public static async Task<JoinableTransaction> BeginAsync(DbContext db, CancellationToken cancellationToken) =>
        new(db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null);

    public Task CommitAsync(CancellationToken cancellationToken) => owned?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
