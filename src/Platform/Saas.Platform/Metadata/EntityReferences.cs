using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;

namespace Saas.Platform.Metadata;

/// <summary>Which lookup fields point where, for the rules that keep every live lookup pointing to a live entity.</summary>
internal sealed class EntityReferences(TenantDbContext db)
{
    /// <summary>Lookups of other entities to <paramref name="entityId"/>, as <c>entity.field</c>; live ones of live entities only, or all.</summary>
    public async Task<List<string>> LookupsToAsync(Guid entityId, bool liveOnly, CancellationToken cancellationToken)
    {
        var lookups = await (
            from field in db.MetadataFields
            join entity in db.MetadataEntities on field.EntityId equals entity.Id
            where field.TargetEntityId == entityId && field.EntityId != entityId
                && (!liveOnly || (field.DeletedAt == null && entity.DeletedAt == null))
            select new { Entity = entity.ApiName, Field = field.ApiName })
            .ToListAsync(cancellationToken);
        return [.. lookups.Select(l => $"{l.Entity}.{l.Field}").Order(StringComparer.Ordinal)];
    }

    /// <summary>Live lookup fields of <paramref name="entityId"/> whose target is deleted, as <c>field → target</c>.</summary>
    public async Task<List<string>> DeletedTargetsOfAsync(Guid entityId, CancellationToken cancellationToken)
    {
        var dangling = await (
            from field in db.MetadataFields
            join target in db.MetadataEntities on field.TargetEntityId equals (Guid?)target.Id
            where field.EntityId == entityId && field.DeletedAt == null && target.DeletedAt != null && target.Id != entityId
            select new { Field = field.ApiName, Target = target.ApiName })
            .ToListAsync(cancellationToken);
        return [.. dangling.Select(d => $"{d.Field} → {d.Target}").Order(StringComparer.Ordinal)];
    }
}
