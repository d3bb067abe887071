namespace Saas.Platform.Packs;

/// <summary>The names a pack can refer to: its own entities and picklists, and those of the packs it depends on.</summary>
internal sealed class PackScope(PackDefinition pack, IReadOnlyList<PackDefinition> dependencies)
{
    public PackEntity? Entity(string? apiName) =>
        apiName is null ? null : pack.Entities.FirstOrDefault(e => e.ApiName == apiName) ?? dependencies.SelectMany(d => d.Entities).FirstOrDefault(e => e.ApiName == apiName);

    public PackPicklist? Picklist(string? name) =>
        name is null ? null : pack.Picklists.GetValueOrDefault(name) ?? dependencies.Select(d => d.Picklists.GetValueOrDefault(name)).FirstOrDefault(p => p is not null);

    /// <summary>The dependency whose entity this is, if any.</summary>
    public string? DependencyOwning(string entity) =>
        dependencies.FirstOrDefault(d => d.Entities.Any(e => string.Equals(e.ApiName, entity, StringComparison.OrdinalIgnoreCase)))?.Id;

    /// <summary>The translated label of a picklist value, from whichever pack defines the picklist.</summary>
    public string? PicklistText(string culture, string picklist, string value) =>
        pack.Picklists.ContainsKey(picklist) ? Text(pack, culture, picklist, value)
            : dependencies.FirstOrDefault(d => d.Picklists.ContainsKey(picklist)) is { } owner ? Text(owner, culture, picklist, value) : null;

    private static string? Text(PackDefinition owner, string culture, string picklist, string value) =>
        owner.Translations.GetValueOrDefault(culture)?.Picklists?.GetValueOrDefault(picklist)?.GetValueOrDefault(value);
}
