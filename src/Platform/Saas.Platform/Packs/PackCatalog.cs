using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Saas.Platform.Packs;

/// <summary>A pack of the catalog with its problems: the pack is installable only when there are none.</summary>
public sealed record CatalogPack(string Id, PackDefinition? Pack, IReadOnlyList<PackDefinition> Dependencies, IReadOnlyList<PackProblem> Problems)
{
    public bool IsValid => Pack is not null && Problems.Count == 0;
}

/// <summary>
/// The packs available to install, read from the catalog folders on disk (one folder per pack) and validated once per
/// process. The signed upload and publishing of the design come later.
/// </summary>
public sealed class PackCatalog(IOptions<PacksOptions> options, PackValidator validator)
{
    private readonly ConcurrentDictionary<string, Lazy<CatalogPack>> packs = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Folders =>
        options.Value.CatalogPaths is { Count: > 0 } paths ? paths : [Path.Combine(AppContext.BaseDirectory, "Verticals")];

    /// <summary>The ids of every pack in the catalog folders.</summary>
    public IReadOnlyList<string> Ids() =>
        [.. Folders.Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories).Where(d => File.Exists(Path.Combine(d, PackFiles.Manifest)))
            .Select(Path.GetFileName).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The pack, read and validated with its dependencies; null when no catalog folder holds it.</summary>
    public CatalogPack? Find(string id) => FolderOf(id) is null ? null : packs.GetOrAdd(id, key => new Lazy<CatalogPack>(() => Load(key, []))).Value;

    private string? FolderOf(string id) =>
        id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? Folders.Select(f => Path.Combine(f, id)).FirstOrDefault(d => File.Exists(Path.Combine(d, PackFiles.Manifest)))
            : null;

    private CatalogPack Load(string id, IReadOnlyList<string> chain)
    {
        var read = PackReader.ReadFolder(FolderOf(id)!);
        if (read.Pack is not { } pack)
        {
            return new CatalogPack(id, null, [], read.Problems);
        }

        var problems = new List<PackProblem>();
        if (pack.Id != id)
        {
            problems.Add(new(PackFiles.Manifest, "id", $"The pack's id '{pack.Id}' differs from its folder's name '{id}'."));
        }

        // Every pack reachable through the dependencies, each once; a cycle is a problem, not a stack overflow.
        var dependencies = new List<PackDefinition>();
        foreach (var dependency in (pack.Manifest.Dependencies ?? new Dictionary<string, string>()).Keys)
        {
            if (chain.Contains(dependency, StringComparer.Ordinal) || dependency == id)
            {
                problems.Add(new(PackFiles.Manifest, $"dependencies.{dependency}", $"The dependencies form a cycle: {string.Join(" → ", chain.Append(id).Append(dependency))}."));
                continue;
            }

            if (FolderOf(dependency) is null)
            {
                continue;
            }

            var loaded = Load(dependency, [.. chain, id]);
            if (loaded.Pack is null || loaded.Problems.Count > 0)
            {
                problems.Add(new(PackFiles.Manifest, $"dependencies.{dependency}", $"The dependency '{dependency}' is not valid: {string.Join("; ", loaded.Problems.Take(3))}"));
                continue;
            }

            foreach (var found in loaded.Dependencies.Append(loaded.Pack))
            {
                if (!dependencies.Any(d => d.Id == found.Id))
                {
                    dependencies.Add(found);
                }
            }
        }

        problems.AddRange(validator.Validate(pack, dependencies));
        return new CatalogPack(id, pack, dependencies, problems);
    }
}
