using System.Collections.Immutable;

namespace Saas.Platform.Metadata;

/// <summary>Turns the stored rows of live entities and fields into the immutable definitions readers share.</summary>
internal static class SnapshotBuilder
{
    public static MetadataSnapshot Build(long version, IReadOnlyList<StoredEntity> entities, IReadOnlyList<StoredField> fields, IReadOnlyList<StoredRule>? rules = null)
    {
        var rulesOf = (rules ?? []).ToLookup(r => r.EntityId);
        var names = entities.ToDictionary(e => e.Id, e => e.ApiName);
        var liveFields = fields.Where(f => names.ContainsKey(f.EntityId)).ToList();
        var fieldsOf = liveFields.ToLookup(f => f.EntityId);
        var relatedTo = liveFields
            .Where(f => f.TargetEntityId is { } target && names.ContainsKey(target))
            .ToLookup(f => f.TargetEntityId!.Value, f => new RelatedList(names[f.EntityId], f.ApiName));

        var definitions = entities
            .OrderBy(e => e.DisplayOrder).ThenBy(e => e.ApiName, StringComparer.Ordinal)
            .Select(e => new EntityDefinition(
                e.Id,
                e.ApiName,
                MetadataJson.ReadTexts(e.Label),
                MetadataJson.ReadTexts(e.PluralLabel),
                e.Description,
                e.Icon,
                e.DisplayOrder,
                [.. fieldsOf[e.Id].OrderBy(f => f.DisplayOrder).ThenBy(f => f.ApiName, StringComparer.Ordinal).Select(ToDefinition)],
                [.. relatedTo[e.Id].OrderBy(r => r.Entity, StringComparer.Ordinal).ThenBy(r => r.Field, StringComparer.Ordinal)],
                e.CreatedAt,
                e.ModifiedAt)
            {
                Rules = [.. rulesOf[e.Id].OrderBy(r => r.ApiName, StringComparer.Ordinal).Select(ToDefinition)],
            })
            .ToImmutableArray();
        return new MetadataSnapshot(version, definitions);
    }

    private static ValidationRuleDefinition ToDefinition(StoredRule r) => new(
        r.Id, r.ApiName, r.ErrorCondition, MetadataJson.ReadTexts(r.ErrorMessage), r.ErrorField, r.Active, r.Description, r.CreatedAt, r.ModifiedAt);

    private static FieldDefinition ToDefinition(StoredField f) => new(
        f.Id,
        f.ApiName,
        MetadataJson.ReadTexts(f.Label),
        MetadataJson.ReadTexts(f.HelpText),
        f.Type,
        f.Required,
        f.Unique,
        f.Indexed,
        f.ReadOnly,
        f.DisplayOrder,
        MetadataJson.ReadSettings(f.Type, f.Settings),
        f.CreatedAt,
        f.ModifiedAt)
    {
        DefaultValue = MetadataJson.ReadDefaultValue(f.Settings),
        IndexSlot = f.IndexSlot,
    };
}
