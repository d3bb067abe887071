using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Saas.Platform.Metadata;

/// <summary>A field of an entity, as runtime code reads it. Immutable: it is shared by every reader of a cached snapshot.</summary>
public sealed record FieldDefinition(
    Guid Id,
    string ApiName,
    ImmutableSortedDictionary<string, string> Label,
    ImmutableSortedDictionary<string, string> HelpText,
    string Type,
    bool Required,
    bool Unique,
    bool Indexed,
    bool ReadOnly,
    int DisplayOrder,
    FieldSettings? Settings,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt)
{
    /// <summary>An expression giving the value of a new record's field when none is given (literals and functions such as <c>now()</c>); null for none.</summary>
    public string? DefaultValue { get; init; }

    /// <summary>The field's slot among the typed columns of the records table, of its kind; see <see cref="IndexSlots"/>.</summary>
    internal int? IndexSlot { get; init; }

    /// <summary>The typed settings; throws when the field's type has settings of another kind or none.</summary>
    public T GetSettings<T>()
        where T : FieldSettings =>
        Settings as T ?? throw new InvalidOperationException($"The {Type} field '{ApiName}' has no {typeof(T).Name}.");
}

/// <summary>A lookup field of another entity (or of this one) that points to this entity.</summary>
public sealed record RelatedList(string Entity, string Field);

/// <summary>An entity with its live fields in display order and the lookups that point to it.</summary>
public sealed record EntityDefinition(
    Guid Id,
    string ApiName,
    ImmutableSortedDictionary<string, string> Label,
    ImmutableSortedDictionary<string, string> PluralLabel,
    string? Description,
    string? Icon,
    int DisplayOrder,
    ImmutableArray<FieldDefinition> Fields,
    ImmutableArray<RelatedList> RelatedLists,
    DateTimeOffset CreatedAt,
    DateTimeOffset ModifiedAt)
{
    /// <summary>The entity's validation rules (active or not) by api name; see <see cref="ValidationRuleDefinition"/>.</summary>
    public ImmutableArray<ValidationRuleDefinition> Rules { get; init; } = [];

    public FieldDefinition? FindField(string apiName) =>
        Fields.FirstOrDefault(f => string.Equals(f.ApiName, apiName, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A tenant's live metadata at one version. Cached and shared per (tenant, version), so it is never changed:
/// a change produces a new version and a new snapshot.
/// </summary>
public sealed class MetadataSnapshot
{
    private readonly FrozenDictionary<string, EntityDefinition> byApiName;

    public MetadataSnapshot(long version, ImmutableArray<EntityDefinition> entities)
    {
        Version = version;
        Entities = entities;
        byApiName = entities.ToFrozenDictionary(e => e.ApiName, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The tenant's metadata version; 0 before its first change.</summary>
    public long Version { get; }

    /// <summary>Live entities in display order.</summary>
    public ImmutableArray<EntityDefinition> Entities { get; }

    /// <summary>A live entity by api name, in any case; null when there is none.</summary>
    public EntityDefinition? FindEntity(string apiName) => byApiName.GetValueOrDefault(apiName);
}
