using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;

namespace Saas.Platform.Records;

/// <summary>
/// Computes a new or changed roll-up for every record of its entity, synchronously in the admin's request, in batches
/// of <see cref="BatchSize"/> parents per transaction (each batch commits, so a failure leaves earlier batches done and
/// the next child write of a parent corrects it). Tenants with very many parent records wait for it; a background job
/// for large entities is not built yet.
/// </summary>
internal sealed class RollupBackfill(TenantDbContext db, IMetadataService metadata, RecordRollups rollups, TimeProvider clock) : IRollupBackfill
{
    private const int BatchSize = 200;

    public async Task RecomputeAllAsync(string entity, string field, string actor, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entity) is not { } parentEntity || parentEntity.FindField(field) is not { Settings: RollupSettings } rollup)
        {
            return;
        }

        var writer = new RecordActor(actor, null);
        var ids = await db.Records.AsNoTracking().Where(r => r.EntityId == parentEntity.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        foreach (var batch in ids.Chunk(BatchSize))
        {
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                foreach (var id in batch)
                {
                    await rollups.RecomputeAsync(snapshot, parentEntity, rollup, id, writer, clock.GetUtcNow(), cancellationToken);
                }

                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
        }
    }
}
