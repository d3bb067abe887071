using Saas.Platform.Metadata;
using Saas.Platform.Records;

namespace Saas.Platform.Access;

/// <summary>One permission set's rule as it applies to one entity, named for explanations.</summary>
internal sealed record Grant(string Source, EntityRule Rule);

/// <summary>
/// What a caller may do on one entity: the union of the rules of their role's permission sets, the most permissive
/// per action and per field. Dataverse-like additivity, but over allow-lists, so a set never shows what none allows.
/// </summary>
internal sealed class EntityPermission(EntityDefinition entity, IReadOnlyList<Grant> grants)
{
    public EntityDefinition Entity { get; } = entity;

    public IReadOnlyList<Grant> Grants { get; } = grants;

    public bool Create => Grants.Any(g => g.Rule.Create);

    public RecordScope Read => Max(g => g.Rule.Read);

    public RecordScope Update => Max(g => g.Rule.Update);

    public RecordScope Delete => Max(g => g.Rule.Delete);

    public bool Export => Grants.Any(g => g.Rule.Export);

    public FieldAccess AccessTo(string field) =>
        Read == RecordScope.None ? FieldAccess.None : Grants.Select(g => g.Rule.Read == RecordScope.None ? FieldAccess.None : g.Rule.AccessTo(field)).DefaultIfEmpty().Max();

    /// <summary>The entity with only the fields the caller may read: readers, queries and views work on it, so a hidden field does not exist for them.</summary>
    public EntityDefinition Visible() =>
        Entity.Fields.All(f => AccessTo(f.ApiName) != FieldAccess.None)
            ? Entity
            : Entity with { Fields = [.. Entity.Fields.Where(f => AccessTo(f.ApiName) != FieldAccess.None)] };

    /// <summary>The display name is a copy of a field's value, so it is hidden with that field.</summary>
    public bool NameHidden => RecordData.NameSource(Entity) is { } source && AccessTo(source.ApiName) == FieldAccess.None;

    /// <summary>A record as this caller may see it: without hidden fields, and without its name when that copies one.</summary>
    public RecordView View(StoredRecord record)
    {
        var view = RecordData.View(Visible(), record);
        return NameHidden ? view with { Name = null } : view;
    }

    private RecordScope Max(Func<Grant, RecordScope> scope) => Grants.Select(scope).DefaultIfEmpty().Max();
}
