using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Bulk;

/// <summary>
/// One bulk import: who uploaded it (the job runs with their permissions) and its progress. Counters move in the same
/// transaction as the rows they count, so a job that is run again resumes after the last committed batch. The upload
/// itself is a <see cref="BulkJobUpload"/>: a row rewritten after every batch must not carry megabytes.
/// </summary>
internal sealed class BulkJob : ITenantOwned
{
    public const int NameLength = 100;
    public const int KeyLength = 200;

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid EntityId { get; init; }

    /// <summary>The entity's api name when uploaded; the job's URL uses it.</summary>
    public required string Entity { get; init; }

    /// <summary><see cref="BulkModes"/>.</summary>
    public required string Mode { get; init; }

    /// <summary>The unique field that matches rows to records in an upsert.</summary>
    public string? UpsertBy { get; init; }

    /// <summary><see cref="BulkFormats"/>.</summary>
    public required string Format { get; init; }

    /// <summary>CSV column to field api name, as JSON; null when the header names the fields.</summary>
    public string? Mapping { get; init; }

    /// <summary>SHA-256 of the request (entity, mode, match field, format, mapping, payload): what an idempotency key is compared with.</summary>
    public required string RequestHash { get; init; }

    public string? IdempotencyKey { get; init; }

    public required string CallerName { get; init; }

    public Guid? CallerUserId { get; init; }

    public required string CallerRole { get; init; }

    /// <summary><see cref="BulkJobStatus"/>.</summary>
    public required string Status { get; set; }

    public required int RowsTotal { get; init; }

    public int RowsRead { get; set; }

    public int Created { get; set; }

    public int Updated { get; set; }

    public int Failed { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Why the job as a whole stopped, when it did.</summary>
    public string? Error { get; set; }
}

/// <summary>
/// A bulk job's upload as it came, so the job depends on ids only and survives a restart on any node. Kept until the
/// job ends: its rows are records then, and its refused rows are <see cref="BulkJobError"/>s.
/// </summary>
internal sealed class BulkJobUpload : ITenantOwned
{
    public required Guid JobId { get; init; }

    public Guid TenantId { get; set; }

    public required string Payload { get; init; }
}

/// <summary>One refused value of one row of a bulk job: the row's number in the upload, the field (empty for the whole row) and the message.</summary>
internal sealed class BulkJobError : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid JobId { get; init; }

    public required int Row { get; init; }

    public required string Field { get; init; }

    public required string Message { get; init; }
}

internal static class BulkModes
{
    public const string Create = "create";
    public const string Upsert = "upsert";
}

internal static class BulkFormats
{
    public const string Ndjson = "ndjson";
    public const string Csv = "csv";
}

internal static class BulkJobStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}

internal sealed class BulkJobConfiguration : IEntityTypeConfiguration<BulkJob>
{
    public void Configure(EntityTypeBuilder<BulkJob> job)
    {
        job.ToTable("BulkJobs");
        job.HasKey(j => j.Id);
        job.Property(j => j.Id).ValueGeneratedNever();
        job.Property(j => j.Entity).HasMaxLength(NameLength);
        job.Property(j => j.Mode).HasMaxLength(20);
        job.Property(j => j.UpsertBy).HasMaxLength(NameLength);
        job.Property(j => j.Format).HasMaxLength(20);
        job.Property(j => j.RequestHash).HasMaxLength(64);
        job.Property(j => j.IdempotencyKey).HasMaxLength(BulkJob.KeyLength);
        job.Property(j => j.CallerName).HasMaxLength(200);
        job.Property(j => j.CallerRole).HasMaxLength(50);
        job.Property(j => j.Status).HasMaxLength(20);
        job.HasIndex(j => new { j.TenantId, j.IdempotencyKey }).IsUnique();
        job.HasIndex(j => new { j.TenantId, j.CreatedAt });
    }

    private const int NameLength = BulkJob.NameLength;
}

internal sealed class BulkJobUploadConfiguration : IEntityTypeConfiguration<BulkJobUpload>
{
    public void Configure(EntityTypeBuilder<BulkJobUpload> upload)
    {
        upload.ToTable("BulkJobUploads");
        upload.HasKey(u => u.JobId);
        upload.Property(u => u.JobId).ValueGeneratedNever();
    }
}

internal sealed class BulkJobErrorConfiguration : IEntityTypeConfiguration<BulkJobError>
{
    public void Configure(EntityTypeBuilder<BulkJobError> error)
    {
        error.ToTable("BulkJobErrors");
        error.HasKey(e => e.Id);
        error.Property(e => e.Id).ValueGeneratedNever();
        error.Property(e => e.Field).HasMaxLength(BulkJob.NameLength);
        error.HasIndex(e => new { e.TenantId, e.JobId, e.Row });
    }
}
