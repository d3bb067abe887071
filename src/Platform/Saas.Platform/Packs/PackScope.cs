namespace Saas.Platform.Packs;

/// <summary>The names a pack can refer to: its own entities and picklists, and those of the packs it depends on.</summary>
internal sealed class PackScope(PackDefinition pack, IReadOnlyList<PackDefinition> dependencies)
{
    /// <summary>
    /// The entity as a tenant will have it: its definition (this pack's or a dependency's) with the fields that this pack
    /// and its dependencies add to it through extensions.
    /// </summary>
    public PackEntity? Entity(string? apiName)
    {
        var parts = apiName is null ? [] : dependencies.Append(pack).SelectMany(d => d.Entities).Where(e => e.ApiName == apiName).ToList();
        return parts.FirstOrDefault(e => !e.Extends) is { } definition
            ? definition with { Fields = [.. parts.Where(e => e == definition || e.Extends).SelectMany(e => e.Fields)] }
            : null;
    }

    /// <summary>Every entity of the pack and its dependencies, as <see cref="Entity"/> gives it.</summary>
    public IEnumerable<PackEntity> Entities() =>
        dependencies.Append(pack).SelectMany(d => d.Entities).Select(e => e.ApiName).Distinct(StringComparer.Ordinal).Select(Entity).OfType<PackEntity>();

    public PackPicklist? Picklist(string? name) =>
        name is null ? null : pack.Picklists.GetValueOrDefault(name) ?? dependencies.Select(d => d.Picklists.GetValueOrDefault(name)).FirstOrDefault(p => p is not null);

    /// <summary>The dependency that defines this entity (not one that only extends it), if any.</summary>
    public string? DependencyOwning(string entity) =>
        dependencies.FirstOrDefault(d => d.Entities.Any(e => !e.Extends && string.Equals(e.ApiName, entity, StringComparison.OrdinalIgnoreCase)))?.Id;

    /// <summary>The translated label of a picklist value, from whichever pack defines the picklist.</summary>
    public string? PicklistText(string culture, string picklist, string value) =>
        pack.Picklists.ContainsKey(picklist) ? Text(pack, culture, picklist, value)
            : dependencies.FirstOrDefault(d => d.Picklists.ContainsKey(picklist)) is { } owner ? Text(owner, culture, picklist, value) : null;

    private static string? Text(PackDefinition owner, string culture, string picklist, string value) =>
        owner.Translations.GetValueOrDefault(culture)?.Picklists?.GetValueOrDefault(picklist)?.GetValueOrDefault(value);
}
