using Saas.Platform.Metadata;

namespace Saas.Platform.Records;

/// <summary>The order formulas are computed in: a formula after every formula it reads.</summary>
internal static class FormulaOrder
{
    /// <summary>
    /// The formulas in an order where each comes after the formulas it reads, otherwise in display order. A formula on a
    /// cycle is left out: the metadata refuses cycles, so one can only be a formula that no longer compiles as saved.
    /// </summary>
    public static IEnumerable<FieldDefinition> Of(IReadOnlyList<(FieldDefinition Formula, IReadOnlyList<string> Reads)> formulas)
    {
        var names = formulas.Select(f => f.Formula.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var computed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = formulas.ToList();
        while (pending.FirstOrDefault(f => f.Reads.All(read => !names.Contains(read) || computed.Contains(read))) is { Formula: not null } ready)
        {
            pending.Remove(ready);
            computed.Add(ready.Formula.ApiName);
            yield return ready.Formula;
        }
    }
}
