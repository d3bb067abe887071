using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Workflows;

/// <summary>Statuses of a run.</summary>
public static class RunStatus
{
    /// <summary>Waiting for its next step to be picked up (new, between steps, or after a failed attempt until <c>DueAt</c>).</summary>
    public const string Pending = "pending";

    /// <summary>Suspended by a wait (until <c>DueAt</c>) or an approval (until a decision or its timeout).</summary>
    public const string Waiting = "waiting";

    public const string Completed = "completed";
    public const string Faulted = "faulted";
    public const string Cancelled = "cancelled";

    public static bool IsFinished(string status) => status is Completed or Faulted or Cancelled;
}

/// <summary>
/// One run of a workflow, pinned to the version it started on. The engine's tables are the source of truth: the
/// position says which step is next, <see cref="Sequence"/> counts the steps taken (a job carries it, so a duplicate
/// job finds it moved on and does nothing), and <see cref="DueAt"/> says when the run may go on.
/// </summary>
internal sealed class StoredRun : ITenantOwned, IBulkRow
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid WorkflowId { get; init; }

    public required Guid VersionId { get; set; }

    public required int Version { get; set; }

    public required string Entity { get; init; }

    public Guid? RecordId { get; init; }

    public required string Status { get; set; }

    /// <summary>The id of the step to run next; null when the run has nothing left to do.</summary>
    public string? Position { get; set; }

    public int Sequence { get; set; }

    /// <summary>Failed attempts of the current step so far.</summary>
    public int Attempt { get; set; }

    public required string Variables { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    /// <summary>What a waiting run waits for, as JSON: the approval step's id and its approvers.</summary>
    public string? Bookmark { get; set; }

    public string? Error { get; set; }

    /// <summary>How many runs led to this one: a run's own writes start runs one deeper, up to a limit.</summary>
    public int Depth { get; init; }

    public required string StartedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>One attempt of one step of a run: what it read, what it did, how long it took and how it failed.</summary>
internal sealed class StoredRunStep : ITenantOwned, IBulkRow
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid RunId { get; init; }

    public required string StepId { get; init; }

    public required string StepType { get; init; }

    public required int Attempt { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required double DurationMs { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? Error { get; init; }
}

/// <summary>
/// The outbox of a run's side effects, one row per (run, step, attempt): written in the same transaction as the effect
/// (or before its delivery), so a step that runs again finds it and does not repeat the effect.
/// </summary>
internal sealed class StoredRunEffect : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid RunId { get; init; }

    public required string StepId { get; init; }

    public required int Attempt { get; init; }

    public required string Kind { get; init; }

    public required string Payload { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>One entry of the trigger log: an event, a workflow considered for it, and whether a run started and why (not).</summary>
internal sealed class StoredTriggerEvent : ITenantOwned, IBulkRow
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required DateTimeOffset At { get; init; }

    public required string Event { get; init; }

    public required string Entity { get; init; }

    public Guid? RecordId { get; init; }

    public Guid? WorkflowId { get; init; }

    public string? WorkflowName { get; init; }

    public required string Outcome { get; init; }

    public required string Reason { get; init; }

    public Guid? RunId { get; init; }
}

internal sealed class WorkflowRunConfigurations :
    IEntityTypeConfiguration<StoredRun>, IEntityTypeConfiguration<StoredRunStep>, IEntityTypeConfiguration<StoredRunEffect>, IEntityTypeConfiguration<StoredTriggerEvent>
{
    public void Configure(EntityTypeBuilder<StoredRun> run)
    {
        run.ToTable("WorkflowRuns");
        run.HasKey(r => r.Id);
        run.Property(r => r.Entity).HasMaxLength(100);
        run.Property(r => r.Status).HasMaxLength(20);
        run.Property(r => r.Position).HasMaxLength(100);
        run.Property(r => r.Sequence).IsConcurrencyToken();
        run.Property(r => r.Error).HasMaxLength(4000);
        run.Property(r => r.StartedBy).HasMaxLength(200);
        run.HasIndex(r => new { r.TenantId, r.Status, r.DueAt });
        run.HasIndex(r => new { r.TenantId, r.WorkflowId, r.CreatedAt });
    }

    public void Configure(EntityTypeBuilder<StoredRunStep> step)
    {
        step.ToTable("WorkflowRunSteps");
        step.HasKey(s => s.Id);
        step.Property(s => s.StepId).HasMaxLength(100);
        step.Property(s => s.StepType).HasMaxLength(40);
        step.Property(s => s.Error).HasMaxLength(4000);
        step.HasIndex(s => new { s.TenantId, s.RunId, s.StartedAt });
    }

    public void Configure(EntityTypeBuilder<StoredRunEffect> effect)
    {
        effect.ToTable("WorkflowEffects");
        effect.HasKey(e => e.Id);
        effect.Property(e => e.StepId).HasMaxLength(100);
        effect.Property(e => e.Kind).HasMaxLength(40);
        effect.HasIndex(e => new { e.TenantId, e.RunId, e.StepId, e.Attempt }).IsUnique();
        effect.HasIndex(e => new { e.TenantId, e.DeliveredAt });
    }

    public void Configure(EntityTypeBuilder<StoredTriggerEvent> entry)
    {
        entry.ToTable("WorkflowTriggerLog");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Event).HasMaxLength(40);
        entry.Property(e => e.Entity).HasMaxLength(100);
        entry.Property(e => e.WorkflowName).HasMaxLength(200);
        entry.Property(e => e.Outcome).HasMaxLength(20);
        entry.Property(e => e.Reason).HasMaxLength(1000);
        entry.HasIndex(e => new { e.TenantId, e.At });
    }
}
