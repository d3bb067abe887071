using System.Linq.Expressions;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Bulk;

/// <summary>An upload as the API read it: what to import, how, and the client's idempotency key.</summary>
internal sealed record BulkUpload(
    string Entity, string? Mode, string? UpsertBy, string Format, IReadOnlyDictionary<string, string>? Mapping, string Payload, string? IdempotencyKey);

/// <summary>A bulk job as the API shows it.</summary>
internal sealed record BulkJobView(
    Guid Id, string Entity, string Mode, string? UpsertBy, string Format, string Status, int RowsTotal, int RowsRead, int Created, int Updated, int Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string CreatedBy, string? Error)
{
    /// <summary>The view's columns only: a job's payload can be large and is never read to show it.</summary>
    public static readonly Expression<Func<BulkJob, BulkJobView>> Projection = job => new BulkJobView(
        job.Id, job.Entity, job.Mode, job.UpsertBy, job.Format, job.Status, job.RowsTotal, job.RowsRead, job.Created, job.Updated, job.Failed,
        job.CreatedAt, job.StartedAt, job.FinishedAt, job.CallerName, job.Error);

    private static readonly Func<BulkJob, BulkJobView> Compiled = Projection.Compile();

    public static BulkJobView Of(BulkJob job) => Compiled(job);
}

/// <summary>How starting a job ended: the job (new, or the first one of a repeated idempotency key), or a refusal with its status code.</summary>
internal sealed record BulkStart(BulkJobView? Job, bool Replayed, int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors)
{
    public static BulkStart Refused(int status, string title, string detail) => new(null, false, status, title, detail, null);

    public static BulkStart Invalid(string key, string message) => new(null, false, 400, null, null, new Dictionary<string, string[]> { [key] = [message] });
}

/// <summary>
/// Starts bulk imports and answers their progress and errors. The caller's permission is checked when the upload is
/// taken (a refusal then is immediate) and again on every row by the record service, as the job runs as the uploader.
/// </summary>
internal sealed class BulkService(
    TenantDbContext db, IMetadataService metadata, CallerAccess access, IBackgroundJobClient jobs, IOptions<BulkOptions> options, TimeProvider clock)
{
    /// <summary>The checks that need no upload (entity, mode, permission), made before the body is read.</summary>
    public async Task<BulkStart?> PreflightAsync(string entityName, string? mode, CancellationToken cancellationToken) =>
        (await AllowedAsync(entityName, mode, cancellationToken)).Refused;

    public async Task<BulkStart> StartAsync(BulkUpload upload, CancellationToken cancellationToken)
    {
        var (accepted, refusal) = await CheckAsync(upload, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var (entity, mode, upsertBy, caller, rows) = accepted!;
        var mapping = upload.Mapping is null ? null : JsonSerializer.Serialize(upload.Mapping);
        var hash = Hash(entity.ApiName, mode, upsertBy?.ApiName, upload.Format, mapping, upload.Payload);
        if (upload.IdempotencyKey is { } key && await ReplayAsync(key, hash, cancellationToken) is { } replay)
        {
            return replay;
        }

        var job = new BulkJob
        {
            Id = Uuid.NewSequential(), EntityId = entity.Id, Entity = entity.ApiName, Mode = mode, UpsertBy = upsertBy?.ApiName, Format = upload.Format,
            Mapping = mapping, RequestHash = hash, IdempotencyKey = upload.IdempotencyKey, CallerName = caller.Name,
            CallerUserId = caller.UserId, CallerRole = caller.Role, Status = BulkJobStatus.Queued, RowsTotal = rows, CreatedAt = clock.GetUtcNow(),
        };
        db.BulkJobs.Add(job);
        db.BulkJobUploads.Add(new BulkJobUpload { JobId = job.Id, Payload = upload.Payload });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (upload.IdempotencyKey is { } raced)
        {
            // Another request with the same key saved first: answer as a retry of it would be answered.
            db.ChangeTracker.Clear();
            return await ReplayAsync(raced, hash, cancellationToken) ?? throw new InvalidOperationException("The idempotency key collided, but no job holds it.");
        }

        jobs.Enqueue<BulkJobRunner>(runner => runner.RunAsync(job.Id, CancellationToken.None));
        return new BulkStart(BulkJobView.Of(job), false, 202, null, null, null);
    }

    /// <summary>An upload that passed every check made before a row is written: what a job or a dry run then works with.</summary>
    internal sealed record Checked(EntityDefinition Entity, string Mode, FieldDefinition? UpsertBy, Caller Caller, int Rows);

    /// <summary>The checks of an upload as a whole (entity, mode, permission, match field, columns, row count), the same for a job and a dry run.</summary>
    internal async Task<(Checked? Accepted, BulkStart? Refused)> CheckAsync(BulkUpload upload, CancellationToken cancellationToken)
    {
        var (allowed, refusal) = await AllowedAsync(upload.Entity, upload.Mode, cancellationToken);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var (entity, permission, mode, caller) = allowed!;
        var visible = permission.Visible();
        var upsertBy = mode == BulkModes.Upsert ? visible.FindField(upload.UpsertBy ?? string.Empty) : null;
        if (mode == BulkModes.Upsert && upsertBy is not { Unique: true })
        {
            return (null, BulkStart.Invalid("upsertBy", upload.UpsertBy is null
                ? "An upsert names the unique field that matches rows to records: upsertBy=<field api name>."
                : $"'{upload.UpsertBy}' is not a unique field of {entity.ApiName}; an upsert matches records by a unique field."));
        }

        if (mode == BulkModes.Create && upload.UpsertBy is not null)
        {
            return (null, BulkStart.Invalid("upsertBy", "upsertBy belongs to mode=upsert."));
        }

        if (CheckColumns(upload, visible) is { } refused)
        {
            return (null, refused);
        }

        var rows = BulkRows.Count(upload.Format, upload.Payload);
        if (rows == 0)
        {
            return (null, BulkStart.Invalid("body", "The upload holds no rows."));
        }

        return rows > options.Value.MaxRows
            ? (null, BulkStart.Invalid("body", $"An upload may hold at most {options.Value.MaxRows} rows, not {rows}: split it into several."))
            : (new Checked(entity, mode, upsertBy, caller, rows), null);
    }

    private sealed record Allowed(EntityDefinition Entity, EntityPermission Permission, string Mode, Caller Caller);

    private async Task<(Allowed? Allowed, BulkStart? Refused)> AllowedAsync(string entityName, string? modeText, CancellationToken cancellationToken)
    {
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entityName) is not { } entity)
        {
            return (null, BulkStart.Refused(404, "Entity not found", $"There is no entity '{entityName}'."));
        }

        if (access.Caller is not { } caller)
        {
            return (null, BulkStart.Refused(403, "Forbidden", "Only a member or key of the tenant can import records."));
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        var mode = modeText?.Trim().ToLowerInvariant() ?? BulkModes.Create;
        if (!permission.Create && (mode != BulkModes.Upsert || permission.Update == RecordScope.None))
        {
            return (null, BulkStart.Refused(403, "Forbidden", mode == BulkModes.Upsert
                ? $"You may neither create nor update {entity.ApiName} records."
                : $"You may not create {entity.ApiName} records."));
        }

        return mode is BulkModes.Create or BulkModes.Upsert
            ? (new Allowed(entity, permission, mode, caller), null)
            : (null, BulkStart.Invalid("mode", "mode is create or upsert."));
    }

    /// <summary>A job of the entity, for the admins and the caller who uploaded it; anyone else is told it does not exist.</summary>
    public async Task<BulkJobView?> FindAsync(string entity, Guid jobId, CancellationToken cancellationToken) =>
        await Visible(entity, jobId).AsNoTracking().Select(BulkJobView.Projection).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The refused values of a job's rows, by row; null when the job is not found.</summary>
    public async Task<IReadOnlyList<BulkJobError>?> ErrorsAsync(string entity, Guid jobId, CancellationToken cancellationToken)
    {
        if (!await Visible(entity, jobId).AnyAsync(cancellationToken))
        {
            return null;
        }

        return await db.BulkJobErrors.AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.Row).ThenBy(e => e.Id).ToListAsync(cancellationToken);
    }

    private IQueryable<BulkJob> Visible(string entity, Guid jobId)
    {
        var caller = access.Caller;
        var jobs = db.BulkJobs.Where(j => j.Id == jobId && j.Entity == entity);
        return caller is null || caller.Role == TenantRoles.Admin ? jobs : jobs.Where(j => j.CallerName == caller.Name && j.CallerUserId == caller.UserId);
    }

    private async Task<BulkStart?> ReplayAsync(string key, string hash, CancellationToken cancellationToken)
    {
        var first = await db.BulkJobs.AsNoTracking().Where(j => j.IdempotencyKey == key)
            .Select(j => new { j.RequestHash, View = new BulkJobView(
                j.Id, j.Entity, j.Mode, j.UpsertBy, j.Format, j.Status, j.RowsTotal, j.RowsRead, j.Created, j.Updated, j.Failed,
                j.CreatedAt, j.StartedAt, j.FinishedAt, j.CallerName, j.Error) })
            .FirstOrDefaultAsync(cancellationToken);
        if (first is null)
        {
            return null;
        }

        return first.RequestHash == hash
            ? new BulkStart(first.View, true, 202, null, null, null)
            : BulkStart.Refused(422, "Idempotency key reused", $"The Idempotency-Key '{key}' was used for another upload (job {first.View.Id}); a retry must send the same entity, options and body, and a new upload needs a new key.");
    }

    /// <summary>Mapped columns must be in the header and name fields the caller can see; without a mapping, the header names them.</summary>
    private static BulkStart? CheckColumns(BulkUpload upload, EntityDefinition visible)
    {
        bool Known(string name) => visible.FindField(name) is not null || string.Equals(name, RecordValidator.OwnerField, StringComparison.OrdinalIgnoreCase);
        if (upload.Format != BulkFormats.Csv)
        {
            return upload.Mapping is null ? null : BulkStart.Invalid("mapping", "A mapping is for CSV uploads; NDJSON rows name the fields themselves.");
        }

        if (BulkRows.CsvHeader(upload.Payload) is not { } header)
        {
            return BulkStart.Invalid("body", "A CSV upload starts with a header row naming its columns.");
        }

        if (upload.Mapping is null)
        {
            var unknown = header.Where(h => !Known(h)).ToList();
            return unknown.Count == 0 ? null : BulkStart.Invalid("body",
                $"The header names no field of {visible.ApiName}: {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Name fields by api name or give a mapping.");
        }

        var problems = new Problems();
        foreach (var (column, field) in upload.Mapping)
        {
            if (!header.Contains(column, StringComparer.Ordinal))
            {
                problems.Add($"mapping.{column}", $"The CSV has no column '{column}'.");
            }
            else if (!Known(field))
            {
                problems.Add($"mapping.{column}", $"The entity '{visible.ApiName}' has no field '{field}'.");
            }
        }

        return problems.Any ? new BulkStart(null, false, 400, null, null, problems.ToDictionary()) : null;
    }

    private static string Hash(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts.Select(p => p ?? "\u0000")))));
}
