namespace Saas.Platform.Metadata;

/// <summary>Collects every validation error of a request, keyed by the camelCase JSON path, so they are answered at once.</summary>
internal sealed class Problems
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string path, string message)
    {
        if (!errors.TryGetValue(path, out var messages))
        {
            errors[path] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    /// <summary><c>fields[2]</c> and <c>apiName</c> give <c>fields[2].apiName</c>; an empty prefix gives the name alone.</summary>
    public static string Path(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
