using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Persistence;

namespace Saas.Platform.Workflows;

/// <summary>A workflow: its editable draft, and which of its versions is published (what triggers start).</summary>
internal sealed class StoredWorkflow : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required string Name { get; set; }

    /// <summary>The draft as JSON (a <see cref="WorkflowDocument"/>).</summary>
    public required string Draft { get; set; }

    /// <summary>True when the draft differs from the published version (or nothing is published yet).</summary>
    public bool DraftChanged { get; set; } = true;

    public int? PublishedVersion { get; set; }

    public int LatestVersion { get; set; }

    /// <summary>The published version's trigger, copied here so matching a record write is one indexed read.</summary>
    public string? TriggerType { get; set; }

    public string? TriggerEntity { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }

    public required string ModifiedBy { get; set; }
}

/// <summary>A published version: an immutable copy of the draft at publish time; <c>archived</c> once a later one is published.</summary>
internal sealed class StoredWorkflowVersion : ITenantOwned
{
    public const string Published = "published";
    public const string Archived = "archived";

    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid WorkflowId { get; init; }

    public required int Version { get; init; }

    public required string Document { get; init; }

    public required string Status { get; set; }

    public required DateTimeOffset PublishedAt { get; init; }

    public required string PublishedBy { get; init; }
}

internal sealed class StoredWorkflowConfiguration : IEntityTypeConfiguration<StoredWorkflow>
{
    public void Configure(EntityTypeBuilder<StoredWorkflow> workflow)
    {
        workflow.ToTable("Workflows");
        workflow.HasKey(w => w.Id);
        workflow.Property(w => w.Name).HasMaxLength(200);
        workflow.Property(w => w.TriggerType).HasMaxLength(40);
        workflow.Property(w => w.TriggerEntity).HasMaxLength(100);
        workflow.Property(w => w.CreatedBy).HasMaxLength(200);
        workflow.Property(w => w.ModifiedBy).HasMaxLength(200);
        workflow.HasIndex(w => new { w.TenantId, w.TriggerEntity, w.TriggerType });
    }
}

internal sealed class StoredWorkflowVersionConfiguration : IEntityTypeConfiguration<StoredWorkflowVersion>
{
    public void Configure(EntityTypeBuilder<StoredWorkflowVersion> version)
    {
        version.ToTable("WorkflowVersions");
        version.HasKey(v => v.Id);
        version.Property(v => v.Status).HasMaxLength(20);
        version.Property(v => v.PublishedBy).HasMaxLength(200);
        version.HasIndex(v => new { v.TenantId, v.WorkflowId, v.Version }).IsUnique();
    }
}
