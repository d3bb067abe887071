using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Persistence;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// The published uploads as pack folders (<c>{data}/packs/published/{id}/{version}/</c>), the second source of
/// <see cref="PackCatalog"/>: install and upgrade read a published version exactly as they read a shipped pack. The
/// catalog database stays the record; the folder is rebuilt from it at start-up and on every review change.
/// </summary>
internal sealed class PublishedPackFolder(PlatformDatabase database)
{
    public string Folder { get; } = Path.Combine(database.DataDirectory, "packs", "published");

    /// <summary>Writes the files of a published version (the zip was checked by <see cref="PackZip"/>, so its names are safe).</summary>
    public void Write(string id, string version, byte[] zip)
    {
        var target = Path.Combine(Folder, id, version);
        if (Directory.Exists(target) || PackZip.Read(zip).Files is not { } files)
        {
            return;
        }

        // Write beside, then move into place, so the catalog never sees half a pack.
        var staging = Path.Combine(Path.GetDirectoryName(Folder)!, "staging", Guid.NewGuid().ToString("N"));
        foreach (var (name, text) in files)
        {
            var path = Path.Combine(staging, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        Directory.CreateDirectory(Path.Combine(Folder, id));
        Directory.Move(staging, target);
    }

    /// <summary>Takes a version out of the catalog (deprecated).</summary>
    public void Remove(string id, string version)
    {
        var target = Path.Combine(Folder, id, version);
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
    }
}

/// <summary>At start-up: the folder holds exactly the published versions of the catalog database.</summary>
internal sealed class PublishedPackSync(CatalogDbContext catalog, PublishedPackFolder folder, ILogger<PublishedPackSync> logger) : IStartupTask
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var published = await catalog.Set<PackUpload>().AsNoTracking()
            .Where(u => u.State == PackUploadStates.Published)
            .Select(u => new { u.PackId, u.Version })
            .ToListAsync(cancellationToken);
        if (Directory.Exists(folder.Folder))
        {
            foreach (var version in Directory.EnumerateDirectories(folder.Folder).SelectMany(Directory.EnumerateDirectories))
            {
                var id = Path.GetFileName(Path.GetDirectoryName(version))!;
                if (!published.Any(p => p.PackId == id && p.Version == Path.GetFileName(version)))
                {
                    Directory.Delete(version, recursive: true);
                }
            }
        }

        foreach (var upload in published)
        {
            var zip = await catalog.Set<PackUpload>().AsNoTracking()
                .Where(u => u.PackId == upload.PackId && u.Version == upload.Version).Select(u => u.Content).SingleAsync(cancellationToken);
            folder.Write(upload.PackId, upload.Version, zip);
        }

        logger.LogInformation("{Count} published pack versions in the catalog", published.Count);
    }
}
