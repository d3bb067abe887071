using System.IO.Compression;
using System.Text;

namespace Saas.Platform.Packs.Publishing;

/// <summary>
/// Reads the files of an uploaded pack zip into memory, never onto disk, and only those a pack may hold: each entry's
/// name must be a plain relative path (no <c>..</c>, no rooted or drive path, no backslash) of a pack file at the zip's
/// root (<c>pack.yaml</c>, <c>picklists.yaml</c>, <c>permissions.yaml</c>, <c>README*</c>, <c>entities/*.yaml</c>,
/// <c>extensions/*.yaml</c>, <c>layouts/*.yaml</c>, <c>translations/*.yaml</c>, <c>workflows/*.yaml</c> (or <c>.yml</c>, <c>.json</c>), <c>views/*.yaml</c>, <c>dashboards/*.yaml</c>, <c>data/*.csv</c>), within the entry count and size limits. Problems name the entry.
/// </summary>
public static class PackZip
{
    private static readonly string[] WorkflowExtensions = [".yaml", ".yml", ".json"];

    /// <summary>Entries of a zip, at most.</summary>
    public const int MaxEntries = 500;

    /// <summary>Uncompressed bytes of one entry, at most.</summary>
    public const long MaxEntryBytes = 5 * 1024 * 1024;

    /// <summary>Uncompressed bytes of all entries, at most.</summary>
    public const long MaxTotalBytes = 20 * 1024 * 1024;

    /// <summary>The files of the zip by path, or the problems that refuse it.</summary>
    public static (IReadOnlyDictionary<string, string>? Files, IReadOnlyList<PackProblem> Problems) Read(byte[] zip)
    {
        var problems = new List<PackProblem>();
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
            if (archive.Entries.Count > MaxEntries)
            {
                return (null, [new("(zip)", string.Empty, $"The zip holds {archive.Entries.Count} entries; a pack holds at most {MaxEntries}.")]);
            }

            long total = 0;
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith('/') && entry.Length == 0 && IsSafe(name.TrimEnd('/')))
                {
                    continue; // a folder entry
                }

                if (!IsSafe(name))
                {
                    problems.Add(new(name, string.Empty, "Not a safe entry name: entries are relative paths without '..', '\\', ':' or a leading '/'."));
                    continue;
                }

                if (!IsPackFile(name))
                {
                    problems.Add(new(name, string.Empty,
                        "Not a file a pack may hold: pack.yaml, picklists.yaml, permissions.yaml, README*, entities/*.yaml, extensions/*.yaml, layouts/{entity}.yaml, translations/{culture}.yaml, workflows/*.yaml (or .json), views/{entity}.yaml, dashboards/{apiName}.yaml and data/{entity}.csv, at the zip's root."));
                    continue;
                }

                if (entry.Length > MaxEntryBytes || (total += entry.Length) > MaxTotalBytes)
                {
                    return (null, [new(name, string.Empty, $"Too large: an entry holds at most {MaxEntryBytes} bytes and the whole pack {MaxTotalBytes} uncompressed.")]);
                }

                files[name] = ReadText(entry);
            }
        }
        catch (InvalidDataException e)
        {
            return (null, [new("(zip)", string.Empty, $"Not a readable zip: {e.Message}")]);
        }

        return problems.Count > 0 ? (null, problems) : (files, problems);
    }

    /// <summary>The zip of a pack folder's files (those a pack may hold), at the zip's root, in a stable order.</summary>
    public static byte[] Create(string folder)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                         .Select(f => (Path: f, Name: Path.GetRelativePath(folder, f).Replace('\\', '/')))
                         .Where(f => IsPackFile(f.Name))
                         .OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                var entry = archive.CreateEntry(file.Name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                var bytes = File.ReadAllBytes(file.Path);
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    private static string ReadText(ZipArchiveEntry entry)
    {
        // Read no more than the limit, whatever the entry's header claims.
        using var stream = entry.Open();
        using var bounded = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (bounded.Length + read > MaxEntryBytes)
            {
                throw new InvalidDataException($"The entry '{entry.FullName}' inflates beyond {MaxEntryBytes} bytes.");
            }

            bounded.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(bounded.GetBuffer(), 0, (int)bounded.Length);
    }

    private static bool IsSafe(string name) =>
        name.Length is > 0 and <= 200
        && !name.StartsWith('/')
        && !name.Contains('\\', StringComparison.Ordinal)
        && !name.Contains(':', StringComparison.Ordinal)
        && name.Split('/').All(part => part.Length > 0 && part != "." && part != ".." && !part.Any(char.IsControl));

    private static bool IsPackFile(string name)
    {
        var parts = name.Split('/');
        return parts switch
        {
            [PackFiles.Manifest or PackFiles.Picklists or PackFiles.Permissions] => true,
            [var file] => file.StartsWith("README", StringComparison.OrdinalIgnoreCase),
            [PackFiles.EntitiesFolder or PackFiles.ExtensionsFolder or PackFiles.LayoutsFolder or PackFiles.TranslationsFolder or PackFiles.ViewsFolder or PackFiles.DashboardsFolder, var file] => file.EndsWith(".yaml", StringComparison.Ordinal) && file.Length > 5,
            [PackFiles.DataFolder, var file] => file.EndsWith(".csv", StringComparison.Ordinal) && file.Length > 4,
            [PackFiles.WorkflowsFolder, var file] => WorkflowExtensions.Any(e => file.EndsWith(e, StringComparison.Ordinal) && file.Length > e.Length),
            _ => false,
        };
    }
}
