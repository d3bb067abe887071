using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Saas.Platform.Expressions;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// The validator outside the web host, for the pack tool and CI: the same <see cref="PackReader"/> and
/// <see cref="PackValidator"/> the catalog and uploads use, with dependencies resolved from catalog folders.
/// </summary>
public static class PackValidation
{
    /// <summary>
    /// Every problem of the pack in <paramref name="folder"/>; the packs it depends on are looked up in
    /// <paramref name="catalogFolders"/> (folders holding one folder per pack, as <c>src/Verticals</c>). A folder
    /// holding one folder per version (<c>retail/1.0.0</c>, <c>retail/1.1.0</c>) has every version validated, each
    /// problem's file named from the version folder.
    /// </summary>
    public static IReadOnlyList<PackProblem> ValidateFolder(string folder, IReadOnlyList<string> catalogFolders)
    {
        var validator = new PackValidator(new ExpressionCompiler(new MemoryCache(new MemoryCacheOptions())));
        var catalog = new PackCatalog(Options.Create(new PacksOptions { CatalogPaths = [.. catalogFolders] }), validator);
        var versions = File.Exists(Path.Combine(folder, PackFiles.Manifest)) ? [] : Directory.GetDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, PackFiles.Manifest))).Order(StringComparer.Ordinal).ToList();
        return versions.Count == 0
            ? Validate(PackReader.ReadFolder(folder), catalog, validator).Problems
            : [.. versions.SelectMany(version => Validate(PackReader.ReadFolder(version), catalog, validator).Problems
                .Select(p => p with { File = $"{Path.GetFileName(version)}/{p.File}" }))];
    }

    /// <summary>Reads, resolves the dependencies in <paramref name="catalog"/> (each at its newest version in the range) and validates.</summary>
    internal static (PackDefinition? Pack, IReadOnlyList<PackProblem> Problems) Validate(PackReadResult read, PackCatalog catalog, PackValidator validator)
    {
        if (read.Pack is not { } pack)
        {
            return (null, read.Problems);
        }

        var problems = new List<PackProblem>();
        var dependencies = new List<PackDefinition>();
        foreach (var (id, range) in (pack.Manifest.Dependencies ?? new Dictionary<string, string>()).Where(d => d.Key != pack.Id))
        {
            if (catalog.FindInRange(id, range) is not { } found)
            {
                continue; // the validator reports a dependency missing from the catalog
            }

            if (!found.IsValid)
            {
                problems.Add(new(PackFiles.Manifest, $"dependencies.{id}", $"The dependency '{id}' is not valid: {string.Join("; ", found.Problems.Take(3))}"));
                continue;
            }

            foreach (var dependency in found.Dependencies.Append(found.Pack!).Where(d => dependencies.All(known => known.Id != d.Id)))
            {
                dependencies.Add(dependency);
            }
        }

        problems.AddRange(validator.Validate(pack, dependencies));
        return (pack, problems);
    }
}
