using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Saas.Platform.Expressions;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>A validation rule as stored; its message's translations are JSON. Deleting a rule removes it.</summary>
internal sealed class StoredRule : ITenantOwned
{
    public required Guid Id { get; init; }

    public Guid TenantId { get; set; }

    public required Guid EntityId { get; init; }

    public required string ApiName { get; init; }

    public required string NormalizedApiName { get; init; }

    public required string ErrorCondition { get; set; }

    public required string ErrorMessage { get; set; }

    public string? ErrorField { get; set; }

    public bool Active { get; set; }

    public string? Description { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ModifiedAt { get; set; }
}

internal sealed class StoredRuleConfiguration : IEntityTypeConfiguration<StoredRule>
{
    public void Configure(EntityTypeBuilder<StoredRule> rule)
    {
        rule.ToTable("MetadataRules");
        rule.HasKey(r => r.Id);
        rule.Property(r => r.ApiName).HasMaxLength(MetadataApiName.MaxLength);
        rule.Property(r => r.NormalizedApiName).HasMaxLength(MetadataApiName.MaxLength);
        rule.Property(r => r.ErrorCondition).HasMaxLength(ExpressionLimits.MaxLength);
        rule.Property(r => r.ErrorField).HasMaxLength(MetadataApiName.MaxLength);
        rule.Property(r => r.Description).HasMaxLength(MetadataLimits.DescriptionLength);
        rule.HasOne<StoredEntity>().WithMany()
            .HasForeignKey(r => new { r.TenantId, r.EntityId }).HasPrincipalKey(e => new { e.TenantId, e.Id })
            .OnDelete(DeleteBehavior.Cascade);
        rule.HasIndex(r => new { r.TenantId, r.EntityId, r.NormalizedApiName }).IsUnique();
    }
}
