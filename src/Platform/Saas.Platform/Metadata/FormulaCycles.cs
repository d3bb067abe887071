namespace Saas.Platform.Metadata;

/// <summary>Finds formulas that depend on themselves through other formulas.</summary>
internal static class FormulaCycles
{
    /// <summary>Each formula that lies on a cycle, with the cycle as read from it (<c>a, b, a</c>).</summary>
    public static IEnumerable<(string Formula, IReadOnlyList<string> Cycle)> Find(IReadOnlyDictionary<string, IReadOnlyList<string>> reads)
    {
        foreach (var start in reads.Keys)
        {
            if (PathBack(start, start, reads, [start], new HashSet<string>(StringComparer.OrdinalIgnoreCase)) is { } cycle)
            {
                yield return (start, cycle);
            }
        }
    }

    private static List<string>? PathBack(string start, string current, IReadOnlyDictionary<string, IReadOnlyList<string>> reads, List<string> path, HashSet<string> seen)
    {
        foreach (var next in reads.GetValueOrDefault(current) ?? [])
        {
            if (string.Equals(next, start, StringComparison.OrdinalIgnoreCase))
            {
                return [.. path, start];
            }

            if (reads.ContainsKey(next) && seen.Add(next) && PathBack(start, next, reads, [.. path, next], seen) is { } found)
            {
                return found;
            }
        }

        return null;
    }
}
