using Microsoft.EntityFrameworkCore;
using Saas.Platform.Persistence;
using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Metadata;

/// <summary>Finds stored definitions by the api names in a route (in any case) and turns drafts into rows.</summary>
internal sealed class StoredRows(TenantDbContext db, ITenantAccessor tenants)
{
    public Task<StoredEntity?> FindEntityAsync(string apiName, CancellationToken cancellationToken)
    {
        var normalized = MetadataApiName.Normalize(apiName);
        return db.MetadataEntities.FirstOrDefaultAsync(e => e.NormalizedApiName == normalized, cancellationToken);
    }

    public Task<StoredField?> FindFieldAsync(Guid entityId, string apiName, CancellationToken cancellationToken)
    {
        var normalized = MetadataApiName.Normalize(apiName);
        return db.MetadataFields.FirstOrDefaultAsync(f => f.EntityId == entityId && f.NormalizedApiName == normalized, cancellationToken);
    }

    // Set here rather than stamped at save: the tenant id is part of the keys that tie fields to their entity.
    public Guid TenantId => tenants.Tenant!.Id;

    public StoredField NewField(FieldDraft draft, Guid entityId, DateTimeOffset now) => new()
    {
        Id = Uuid.NewSequential(),
        TenantId = TenantId,
        EntityId = entityId,
        ApiName = draft.ApiName,
        NormalizedApiName = MetadataApiName.Normalize(draft.ApiName),
        Label = MetadataJson.Write(draft.Label),
        HelpText = MetadataJson.Write(draft.HelpText),
        Type = draft.Type,
        Required = draft.Flags.Required,
        Unique = draft.Flags.Unique,
        Indexed = draft.Flags.Indexed,
        ReadOnly = draft.Flags.ReadOnly,
        DisplayOrder = draft.DisplayOrder,
        Settings = MetadataJson.Write(draft.Settings, draft.DefaultValue),
        TargetEntityId = draft.TargetEntityId,
        CreatedAt = now,
        ModifiedAt = now,
    };

    /// <summary>Applies the draft and answers the names of the properties that changed.</summary>
    public static List<string> Apply(FieldDraft draft, StoredField field)
    {
        var changed = new List<string>();
        Set(field.Label, MetadataJson.Write(draft.Label), v => field.Label = v, "label", changed);
        Set(field.HelpText, MetadataJson.Write(draft.HelpText), v => field.HelpText = v, "helpText", changed);
        Set(field.Required, draft.Flags.Required, v => field.Required = v, "required", changed);
        Set(field.Unique, draft.Flags.Unique, v => field.Unique = v, "unique", changed);
        Set(field.Indexed, draft.Flags.Indexed, v => field.Indexed = v, "indexed", changed);
        Set(field.ReadOnly, draft.Flags.ReadOnly, v => field.ReadOnly = v, "readOnly", changed);
        Set(field.DisplayOrder, draft.DisplayOrder, v => field.DisplayOrder = v, "displayOrder", changed);
        var defaultBefore = MetadataJson.ReadDefaultValue(field.Settings);
        Set(field.Settings, MetadataJson.Write(draft.Settings, defaultBefore), v => field.Settings = v, "settings", changed);
        Set(field.Settings, MetadataJson.Write(draft.Settings, draft.DefaultValue), v => field.Settings = v, "defaultValue", changed);
        return changed;
    }

    /// <summary>Applies the draft and answers the names of the properties that changed.</summary>
    public static List<string> Apply(EntityDraft draft, StoredEntity entity)
    {
        var changed = new List<string>();
        Set(entity.Label, MetadataJson.Write(draft.Label), v => entity.Label = v, "label", changed);
        Set(entity.PluralLabel, MetadataJson.Write(draft.PluralLabel), v => entity.PluralLabel = v, "pluralLabel", changed);
        Set(entity.Description, draft.Description, v => entity.Description = v, "description", changed);
        Set(entity.Icon, draft.Icon, v => entity.Icon = v, "icon", changed);
        Set(entity.DisplayOrder, draft.DisplayOrder, v => entity.DisplayOrder = v, "displayOrder", changed);
        return changed;
    }

    private static void Set<T>(T current, T next, Action<T> assign, string name, List<string> changed)
    {
        if (!EqualityComparer<T>.Default.Equals(current, next))
        {
            assign(next);
            changed.Add(name);
        }
    }
}
