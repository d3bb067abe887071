using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Bulk;

/// <summary>
/// Runs a bulk job: reads its stored upload and writes it through the record service in batches, as the person or key
/// that uploaded it. Each batch is one transaction with the job's counters and error rows, so a run that stops half
/// way (a node dies, Hangfire runs the job again) resumes after the last committed batch and creates nothing twice.
/// </summary>
internal sealed class BulkJobRunner(
    TenantDbContext db, CatalogDbContext catalog, ITenantAccessor tenants, IMetadataService metadata, IServiceScopeFactory scopes,
    IOptions<BulkOptions> options, TimeProvider clock, ILogger<BulkJobRunner> logger)
{
    public async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.BulkJobs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || job.Status is BulkJobStatus.Completed or BulkJobStatus.Failed)
        {
            return;
        }

        job.Status = BulkJobStatus.Running;
        job.StartedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            job.Error = await ImportAsync(job, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Bulk job {Job} of tenant {Tenant} failed", job.Id, tenants.Tenant?.Identifier);
            job.Error = $"The import stopped after {await RowsReadAsync(job.Id, cancellationToken)} rows: {ex.Message}";
        }

        job.Status = job.Error is null ? BulkJobStatus.Completed : BulkJobStatus.Failed;
        job.FinishedAt = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.BulkJobUploads.Where(u => u.JobId == job.Id).ExecuteDeleteAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Null when every row was read; else why the job could not go on.</summary>
    private async Task<string?> ImportAsync(BulkJob job, CancellationToken cancellationToken)
    {
        if (await CallerAsync(job, cancellationToken) is not { } caller)
        {
            return $"{job.CallerName}, who uploaded the file, is no longer a member of this tenant.";
        }

        var entity = (await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(job.Entity);
        if (entity is null || entity.Id != job.EntityId)
        {
            return $"The entity '{job.Entity}' was deleted after the upload.";
        }

        var mapping = job.Mapping is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(job.Mapping);
        var payload = await db.BulkJobUploads.AsNoTracking().Where(u => u.JobId == job.Id).Select(u => u.Payload).SingleAsync(cancellationToken);
        var actor = new RecordActor(caller.Name, caller.UserId);
        var rowsRead = job.RowsRead;
        foreach (var batch in BulkBatches.Split(BulkRows.Read(job.Format, payload, mapping, entity).Skip(rowsRead), job.UpsertBy, options.Value.BatchSize))
        {
            rowsRead = await WriteBatchAsync(job, caller, actor, batch, rowsRead, cancellationToken);
        }

        return null;
    }

    /// <summary>One batch in a scope of its own (a fresh change tracker), acting as the uploader; answers the rows read after it.</summary>
    private async Task<int> WriteBatchAsync(BulkJob job, Caller caller, RecordActor actor, List<BulkRow> batch, int rowsRead, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var acting = scope.ServiceProvider.GetRequiredService<CurrentCaller>().ActAs(caller);
        var batchDb = scope.ServiceProvider.GetRequiredService<TenantDbContext>();
        var readable = batch.Where(r => r.Values is not null).ToList();
        var recorded = false;
        async Task RecordAsync(IReadOnlyList<RecordOutcome<Guid>> outcomes, CancellationToken token)
        {
            var row = await batchDb.BulkJobs.SingleAsync(j => j.Id == job.Id, token);
            if (row.RowsRead != rowsRead)
            {
                throw new InvalidOperationException($"Bulk job {job.Id} moved on to row {row.RowsRead} in another run; this run stops.");
            }

            row.RowsRead += batch.Count;
            row.Created += outcomes.Count(o => o.Status == RecordStatus.Created);
            row.Updated += outcomes.Count(o => o.Status == RecordStatus.Ok);
            row.Failed += batch.Count - readable.Count + outcomes.Count(o => !BulkBatches.Succeeded(o));
            batchDb.BulkJobErrors.AddRange(BulkBatches.Errors(batch, readable, outcomes).Select(e => Error(job, e.Row, e.Field, e.Message)));
            recorded = true;
        }

        var outcomes = await scope.ServiceProvider.GetRequiredService<IRecordBatches>()
            .WriteAsync(job.Entity, [.. readable.Select(r => r.Values!)], job.UpsertBy, actor, RecordAsync, cancellationToken);
        if (!recorded)
        {
            await using var transaction = await batchDb.Database.BeginTransactionAsync(cancellationToken);
            await RecordAsync(outcomes, cancellationToken);
            await batchDb.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return rowsRead + batch.Count;
    }

    private static BulkJobError Error(BulkJob job, int row, string field, string message) =>
        new() { Id = Uuid.NewSequential(), JobId = job.Id, Row = row, Field = field.Length > BulkJob.NameLength ? field[..BulkJob.NameLength] : field, Message = message };

    /// <summary>The uploader as they are now: a person must still be a member, and acts with their current role; a key keeps the role it had.</summary>
    private async Task<Caller?> CallerAsync(BulkJob job, CancellationToken cancellationToken)
    {
        if (job.CallerUserId is not { } userId)
        {
            return new Caller(job.CallerName, null, job.CallerRole);
        }

        var tenantId = tenants.Tenant!.Id;
        var role = await catalog.Memberships.AsNoTracking().Where(m => m.TenantId == tenantId && m.UserId == userId).Select(m => m.Role).FirstOrDefaultAsync(cancellationToken);
        return role is null ? null : new Caller(job.CallerName, userId, role);
    }

    private async Task<int> RowsReadAsync(Guid jobId, CancellationToken cancellationToken) =>
        await db.BulkJobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.RowsRead).SingleAsync(cancellationToken);
}
