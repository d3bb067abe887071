using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Saas.Platform.Persistence;
using Saas.Platform.Records;

namespace Saas.Platform.Bulk;

/// <summary>What an import would do, row by row, without keeping anything.</summary>
internal sealed record BulkPreview(
    string Entity, string Mode, string? UpsertBy, string Format, int RowsTotal, int RowsRead, int Created, int Updated, int Failed,
    IReadOnlyList<BulkPreviewError> Errors, bool MoreErrors, IReadOnlyList<BulkPreviewRow> Rows);

/// <summary>One refused value of a dry run: the row's number in the upload, the field (empty for the whole row) and the message.</summary>
internal sealed record BulkPreviewError(int Row, string Field, string Message);

/// <summary>One of the upload's first rows as the import reads it: its values keyed by field api name, or why it cannot be read.</summary>
internal sealed record BulkPreviewRow(int Row, JsonObject? Values, string? Error);

/// <summary>How a dry run ended: the preview, or the refusal of the upload as a job would be refused.</summary>
internal sealed record BulkDryRunOutcome(BulkPreview? Preview, BulkStart? Refused);

/// <summary>
/// An import's dry run. It takes the real import's path: the same checks of the upload, the same batches, and each batch
/// written by the record service exactly as the job writes it (conversion, validation, permissions, upsert matching,
/// unique values against the database and against the earlier rows of the file), all inside one transaction that is
/// rolled back at the end, so the counts and messages are those the import would answer and nothing is kept.
/// The transaction holds the tenant's write lock on SQLite while it runs, as an import's batch does.
/// </summary>
internal sealed class BulkDryRun(BulkService bulk, TenantDbContext db, IRecordBatches batches, IOptions<BulkOptions> options)
{
    public async Task<BulkDryRunOutcome> RunAsync(BulkUpload upload, CancellationToken cancellationToken)
    {
        var (accepted, refused) = await bulk.CheckAsync(upload, cancellationToken);
        if (refused is not null)
        {
            return new BulkDryRunOutcome(null, refused);
        }

        var (entity, mode, upsertBy, caller, total) = accepted!;
        var limits = options.Value;
        var rows = BulkRows.Read(upload.Format, upload.Payload, upload.Mapping, entity);
        var sample = rows.Take(limits.PreviewRows).Select(r => new BulkPreviewRow(r.Number, r.Values?.DeepClone().AsObject(), r.Error)).ToList();
        var actor = new RecordActor(caller.Name, caller.UserId);
        var errors = new List<BulkPreviewError>();
        int read = 0, created = 0, updated = 0, failed = 0;
        var more = false;

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            foreach (var batch in BulkBatches.Split(rows, upsertBy?.ApiName, limits.BatchSize))
            {
                var readable = batch.Where(r => r.Values is not null).ToList();
                var outcomes = await batches.WriteAsync(entity.ApiName, [.. readable.Select(r => r.Values!)], upsertBy?.ApiName, actor, (_, _) => Task.CompletedTask, cancellationToken);
                db.ChangeTracker.Clear();
                read += batch.Count;
                created += outcomes.Count(o => o.Status == RecordStatus.Created);
                updated += outcomes.Count(o => o.Status == RecordStatus.Ok);
                failed += batch.Count - readable.Count + outcomes.Count(o => !BulkBatches.Succeeded(o));
                foreach (var (row, field, message) in BulkBatches.Errors(batch, readable, outcomes))
                {
                    if (errors.Count < limits.PreviewErrors)
                    {
                        errors.Add(new BulkPreviewError(row, field, message));
                    }
                    else
                    {
                        more = true;
                    }
                }
            }

            await transaction.RollbackAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return new BulkDryRunOutcome(
            new BulkPreview(entity.ApiName, mode, upsertBy?.ApiName, upload.Format, total, read, created, updated, failed, errors, more, sample), null);
    }
}
