using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Metadata;

/// <summary>Creates, changes, deletes, restores and purges entities of the current tenant.</summary>
internal sealed class EntityEditor(
    TenantDbContext db, StoredRows rows, MetadataChanges changes, FieldValidator fieldValidator, ExpressionRules expressions, LookupTargets targets,
    EntityReferences references, TimeProvider clock)
{
    public async Task<MetadataOutcome> CreateAsync(CreateEntityRequest request, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        var problems = new Problems();
        var draft = EntityRules.ValidateNew(request, problems);
        var id = Uuid.NewSequential();
        targets.IncludeCreated(draft.ApiName, id);
        var fields = await ValidateFieldsAsync(request.Fields ?? [], problems, cancellationToken);
        expressions.Check(id, [.. fields.Select(f => FieldShape.Of(f.Draft, f.Path))], problems);
        if (problems.Any)
        {
            return MetadataOutcome.Invalid(problems);
        }

        if (await rows.FindEntityAsync(draft.ApiName, cancellationToken) is { } taken)
        {
            return MetadataOutcome.Conflict("Entity exists", taken.DeletedAt is null
                ? $"There is already an entity '{taken.ApiName}'; api names are unique in any case."
                : $"The deleted entity '{taken.ApiName}' still holds this name; restore it, or purge it to free the name.");
        }

        var now = clock.GetUtcNow();
        db.MetadataEntities.Add(new StoredEntity
        {
            Id = id,
            TenantId = rows.TenantId,
            ApiName = draft.ApiName,
            NormalizedApiName = MetadataApiName.Normalize(draft.ApiName),
            Label = MetadataJson.Write(draft.Label),
            PluralLabel = MetadataJson.Write(draft.PluralLabel),
            Description = draft.Description,
            Icon = draft.Icon,
            DisplayOrder = draft.DisplayOrder,
            CreatedAt = now,
            ModifiedAt = now,
        });
        var notes = new List<MetadataNote> { new("metadata.entity.created", draft.ApiName) };
        var created = new List<StoredField>();
        foreach (var (_, field) in fields)
        {
            var stored = rows.NewField(field, id, now);
            stored.IndexSlot = IndexSlots.For(stored.Type, stored.Indexed, null, stored.Id, created);
            created.Add(stored);
            db.MetadataFields.Add(stored);
            notes.Add(new("metadata.field.created", $"{draft.ApiName}.{field.ApiName}", $"type {field.Type}"));
        }

        return await changes.CommitAsync(actor, notes, cancellationToken);
    }

    public async Task<MetadataOutcome> UpdateAsync(string apiName, UpdateEntityRequest request, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        if (await rows.FindEntityAsync(apiName, cancellationToken) is not { DeletedAt: null } entity)
        {
            return EntityNotFound(apiName);
        }

        var problems = new Problems();
        var draft = EntityRules.ValidateChange(request, entity, problems);
        if (problems.Any)
        {
            return MetadataOutcome.Invalid(problems);
        }

        var changed = StoredRows.Apply(draft, entity);
        if (changed.Count == 0)
        {
            return MetadataOutcome.Done;
        }

        entity.ModifiedAt = clock.GetUtcNow();
        return await changes.CommitAsync(actor, [new("metadata.entity.updated", entity.ApiName, $"changed {string.Join(", ", changed)}")], cancellationToken);
    }

    public async Task<MetadataOutcome> DeleteAsync(string apiName, bool purge, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        var entity = await rows.FindEntityAsync(apiName, cancellationToken);
        if (entity is null || (!purge && entity.DeletedAt is not null))
        {
            return EntityNotFound(apiName);
        }

        if (purge)
        {
            return await PurgeAsync(entity, actor, cancellationToken);
        }

        if (await references.LookupsToAsync(entity.Id, liveOnly: true, cancellationToken) is { Count: > 0 } lookups)
        {
            return MetadataOutcome.Conflict("Entity is a lookup target",
                $"'{entity.ApiName}' is the target of the lookup fields {string.Join(", ", lookups)}; delete those fields first.");
        }

        entity.DeletedAt = entity.ModifiedAt = clock.GetUtcNow();
        return await changes.CommitAsync(actor, [new("metadata.entity.deleted", entity.ApiName)], cancellationToken);
    }

    public async Task<MetadataOutcome> RestoreAsync(string apiName, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        if (await rows.FindEntityAsync(apiName, cancellationToken) is not { } entity)
        {
            return EntityNotFound(apiName);
        }

        if (entity.DeletedAt is null)
        {
            return MetadataOutcome.Conflict("Entity not deleted", $"The entity '{entity.ApiName}' is not deleted.");
        }

        if (await references.DeletedTargetsOfAsync(entity.Id, cancellationToken) is { Count: > 0 } dangling)
        {
            return MetadataOutcome.Conflict("Lookup targets are deleted",
                $"The lookup fields {string.Join(", ", dangling)} point to deleted entities; restore those entities first.");
        }

        entity.DeletedAt = null;
        entity.ModifiedAt = clock.GetUtcNow();
        return await changes.CommitAsync(actor, [new("metadata.entity.restored", entity.ApiName)], cancellationToken);
    }

    private async Task<MetadataOutcome> PurgeAsync(StoredEntity entity, string actor, CancellationToken cancellationToken)
    {
        if (entity.DeletedAt is null)
        {
            return MetadataOutcome.Conflict("Entity not deleted", $"Delete the entity '{entity.ApiName}' before purging it; purge removes only deleted entities.");
        }

        // Deleted lookups count too: restoring one must never bring back a lookup to an entity that is gone.
        if (await references.LookupsToAsync(entity.Id, liveOnly: false, cancellationToken) is { Count: > 0 } lookups)
        {
            return MetadataOutcome.Conflict("Entity is a lookup target",
                $"'{entity.ApiName}' is still the target of the lookup fields {string.Join(", ", lookups)} (some may be deleted); purge those fields first.");
        }

        db.MetadataFields.RemoveRange(await db.MetadataFields.Where(f => f.EntityId == entity.Id).ToListAsync(cancellationToken));
        db.MetadataRules.RemoveRange(await db.MetadataRules.Where(r => r.EntityId == entity.Id).ToListAsync(cancellationToken));
        db.MetadataEntities.Remove(entity);
        return await changes.CommitAsync(actor, [new("metadata.entity.purged", entity.ApiName)], cancellationToken);
    }

    private async Task<List<(string Path, FieldDraft Draft)>> ValidateFieldsAsync(IReadOnlyList<FieldRequest?> requests, Problems problems, CancellationToken cancellationToken)
    {
        if (requests.Count > MetadataLimits.FieldsPerRequest)
        {
            problems.Add("fields", $"At most {MetadataLimits.FieldsPerRequest} fields may be created in one request.");
            return [];
        }

        var drafts = new List<(string Path, FieldDraft Draft)>();
        var firstIndexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            if (requests[i] is not { } request)
            {
                problems.Add($"fields[{i}]", "A field is required here.");
                continue;
            }

            if (request.Type == FieldType.Rollup)
            {
                problems.Add($"fields[{i}].type",
                    "A rollup field is added to an entity that exists, with POST .../fields: it rolls up a child entity whose lookup points to this one, which cannot exist before it.");
            }
            else if (await fieldValidator.ValidateAsync(request, existing: null, $"fields[{i}]", problems, cancellationToken) is { } draft)
            {
                drafts.Add(($"fields[{i}]", draft));
            }

            if (request.ApiName is { Length: > 0 } name && !firstIndexOf.TryAdd(MetadataApiName.Normalize(name), i))
            {
                problems.Add($"fields[{i}].apiName", $"'{name}' is given twice (also at fields[{firstIndexOf[MetadataApiName.Normalize(name)]}]); field names are unique in an entity, in any case.");
            }
        }

        return drafts;
    }

    internal static MetadataOutcome EntityNotFound(string apiName) =>
        MetadataOutcome.NotFound("Entity not found", $"There is no entity '{apiName}' in this tenant.");
}
