using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Workflows;

/// <summary>
/// The timer of a published <c>schedule</c> or <c>dateRelative</c> workflow, one per workflow, pointing at its
/// published version. For a schedule, <see cref="DueAt"/> is the next cron occurrence: a sweep claims it by moving it
/// on with a conditional update, so each occurrence starts its runs once even with several processes. For a date
/// trigger it is the watermark: fire times up to it have been handled.
/// </summary>
internal sealed class StoredWorkflowTimer : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid WorkflowId { get; init; }

    public required Guid VersionId { get; set; }

    public required string Kind { get; set; }

    public required DateTimeOffset DueAt { get; set; }

    public required DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A date trigger that fired for a record and the date value it fired for: unique, so it fires once per record and
/// date, and again only when the date changes.
/// </summary>
internal sealed class StoredDateFiring : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid WorkflowId { get; init; }

    public required Guid RecordId { get; init; }

    public required DateTimeOffset DateValue { get; init; }

    /// <summary>The run it started; null when its condition was false at the fire time.</summary>
    public Guid? RunId { get; init; }

    public required DateTimeOffset FiredAt { get; init; }
}

/// <summary>
/// The public entry of a <c>webhook</c> or <c>webForm</c> workflow: a random public id and, for a webhook, the SHA-256
/// of its secret (the secret itself is shown once, when made or rotated). A form has no secret.
/// </summary>
internal sealed class StoredWorkflowHook : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid WorkflowId { get; init; }

    /// <summary><c>webhook</c> or <c>webForm</c>: the trigger type the entry serves.</summary>
    public required string Kind { get; init; }

    public required string SecretHash { get; set; }

    public required DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }
}

internal sealed class WorkflowTriggerConfigurations :
    IEntityTypeConfiguration<StoredWorkflowTimer>, IEntityTypeConfiguration<StoredDateFiring>, IEntityTypeConfiguration<StoredWorkflowHook>
{
    public void Configure(EntityTypeBuilder<StoredWorkflowTimer> timer)
    {
        timer.ToTable("WorkflowTimers");
        timer.HasKey(t => t.Id);
        timer.Property(t => t.Kind).HasMaxLength(40);
        timer.HasIndex(t => new { t.TenantId, t.WorkflowId }).IsUnique();
        timer.HasIndex(t => new { t.TenantId, t.DueAt });
    }

    public void Configure(EntityTypeBuilder<StoredDateFiring> firing)
    {
        firing.ToTable("WorkflowDateFirings");
        firing.HasKey(f => f.Id);
        firing.HasIndex(f => new { f.TenantId, f.WorkflowId, f.RecordId, f.DateValue }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<StoredWorkflowHook> hook)
    {
        hook.ToTable("WorkflowHooks");
        hook.HasKey(h => h.Id);
        hook.Property(h => h.Id).ValueGeneratedNever();
        hook.Property(h => h.Kind).HasMaxLength(40);
        hook.Property(h => h.SecretHash).HasMaxLength(100);
        hook.Property(h => h.CreatedBy).HasMaxLength(200);
        hook.HasIndex(h => new { h.TenantId, h.WorkflowId, h.Kind }).IsUnique();
    }
}
