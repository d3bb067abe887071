using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Saas.Platform.Packs;

/// <summary>A pack of the catalog with its problems: the pack is installable only when there are none.</summary>
public sealed record CatalogPack(string Id, PackDefinition? Pack, IReadOnlyList<PackDefinition> Dependencies, IReadOnlyList<PackProblem> Problems)
{
    public bool IsValid => Pack is not null && Problems.Count == 0;
}

/// <summary>
/// The packs available to install, read from the catalog folders on disk and validated once per process. A pack's
/// folder (named by its id) is either the pack itself (<c>pack.yaml</c> at its root, one version) or holds one folder
/// per version (<c>core/1.0.0/pack.yaml</c>, <c>core/1.1.0/pack.yaml</c>), so upgrades have the versions to go between.
/// Published uploads of partners are a second source: the folder <see cref="Publishing.PublishedPackFolder"/> keeps.
/// </summary>
public sealed class PackCatalog(IOptions<PacksOptions> options, PackValidator validator)
{
    private readonly ConcurrentDictionary<string, Lazy<CatalogPack>> packs = new(StringComparer.Ordinal);
    private readonly string? publishedFolder;

    internal PackCatalog(IOptions<PacksOptions> options, PackValidator validator, Publishing.PublishedPackFolder published)
        : this(options, validator) => publishedFolder = published.Folder;

    public IReadOnlyList<string> Folders =>
        [.. options.Value.CatalogPaths is { Count: > 0 } paths ? paths : [Path.Combine(AppContext.BaseDirectory, "Verticals")], .. publishedFolder is null ? [] : new[] { publishedFolder }];

    /// <summary>The ids of every pack in the catalog folders.</summary>
    public IReadOnlyList<string> Ids() =>
        [.. Folders.Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories).Where(d => VersionFolders(d).Count > 0)
            .Select(Path.GetFileName).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The versions of the pack the catalog holds, oldest first; empty when it holds none.</summary>
    public IReadOnlyList<SemVersion> Versions(string id) => [.. VersionsOf(id).Select(v => v.Version).Order()];

    /// <summary>The pack at its newest version, read and validated with its dependencies; null when no catalog folder holds it.</summary>
    public CatalogPack? Find(string id) => Find(id, null);

    /// <summary>The pack at <paramref name="version"/> (the newest when null); null when the catalog does not hold it.</summary>
    public CatalogPack? Find(string id, string? version)
    {
        var versions = VersionsOf(id);
        var found = version is null
            ? versions.OrderByDescending(v => v.Version).FirstOrDefault()
            : versions.FirstOrDefault(v => v.Version.ToString() == version);
        return found.Folder is null ? null : packs.GetOrAdd($"{id}@{found.Version}", _ => new Lazy<CatalogPack>(() => Load(id, found.Folder, []))).Value;
    }

    /// <summary>
    /// The pack a dependency on <paramref name="id"/> with <paramref name="range"/> resolves to: its newest version in the
    /// range, else its newest (so the validator names the range it misses); null when the catalog does not hold it.
    /// </summary>
    public CatalogPack? FindInRange(string id, string? range) =>
        NewestInRange(id, range) is { Folder: { } folder } found
            ? packs.GetOrAdd($"{id}@{found.Version}", _ => new Lazy<CatalogPack>(() => Load(id, folder, []))).Value
            : null;

    private (SemVersion Version, string? Folder) NewestInRange(string id, string? range)
    {
        var newestFirst = VersionsOf(id).OrderByDescending(v => v.Version).ToList();
        var within = range is null ? null : VersionRange.TryParse(range);
        return newestFirst.FirstOrDefault(v => within?.Contains(v.Version) == true) is { Folder: not null } inRange ? inRange : newestFirst.FirstOrDefault();
    }

    private List<(SemVersion Version, string Folder)> VersionsOf(string id) =>
        id.Length is > 0 and <= 40 && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? [.. Folders.Select(f => Path.Combine(f, id)).Where(Directory.Exists).SelectMany(VersionFolders).DistinctBy(v => v.Version)]
            : [];

    /// <summary>
    /// A single-version pack folder's version is read from its manifest; a versioned folder's from the sub-folders' names
    /// (the manifest must agree, which the validator's id and version checks and <see cref="Load"/> see to).
    /// </summary>
    private static List<(SemVersion Version, string Folder)> VersionFolders(string packFolder)
    {
        if (File.Exists(Path.Combine(packFolder, PackFiles.Manifest)))
        {
            var declared = PackReader.ReadVersion(Path.Combine(packFolder, PackFiles.Manifest));
            return [(declared ?? new SemVersion(0, 0, 0, null), packFolder)];
        }

        return [.. Directory.EnumerateDirectories(packFolder)
            .Where(d => File.Exists(Path.Combine(d, PackFiles.Manifest)))
            .Select(d => (Version: SemVersion.TryParse(Path.GetFileName(d)), Folder: d))
            .Where(v => v.Version is not null)
            .Select(v => (v.Version!, v.Folder))];
    }

    private CatalogPack Load(string id, string folder, IReadOnlyList<string> chain)
    {
        var read = PackReader.ReadFolder(folder);
        if (read.Pack is not { } pack)
        {
            return new CatalogPack(id, null, [], read.Problems);
        }

        var problems = new List<PackProblem>();
        if (pack.Id != id)
        {
            problems.Add(new(PackFiles.Manifest, "id", $"The pack's id '{pack.Id}' differs from its folder's name '{id}'."));
        }

        if (Path.GetFileName(folder) is var name && name != id && name != pack.Version)
        {
            problems.Add(new(PackFiles.Manifest, "version", $"The pack's version '{pack.Version}' differs from its folder's name '{name}'."));
        }

        // Every pack reachable through the dependencies, each once; a cycle is a problem, not a stack overflow.
        var dependencies = new List<PackDefinition>();
        foreach (var (dependency, range) in pack.Manifest.Dependencies ?? new Dictionary<string, string>())
        {
            if (chain.Contains(dependency, StringComparer.Ordinal) || dependency == id)
            {
                problems.Add(new(PackFiles.Manifest, $"dependencies.{dependency}", $"The dependencies form a cycle: {string.Join(" → ", chain.Append(id).Append(dependency))}."));
                continue;
            }

            if (NewestInRange(dependency, range).Folder is not { } dependencyFolder)
            {
                continue;
            }

            var loaded = Load(dependency, dependencyFolder, [.. chain, id]);
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
