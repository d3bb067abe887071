using System.Text.Json.Nodes;

namespace Saas.Platform.Packs;

/// <summary>How conflicts resolve: the policy, and the per-property exceptions the request names.</summary>
internal sealed class MergePolicy(bool takePublisher, IReadOnlyList<PackTake> take)
{
    public const string KeepTenant = "keepTenant";
    public const string TakePublisher = "takePublisher";
    public const string Publisher = "publisher";
    public const string Tenant = "tenant";

    private readonly HashSet<PackTake> used = [];

    public string Name => takePublisher ? TakePublisher : KeepTenant;

    /// <summary>The exceptions that matched no conflict: a typo the caller should hear about, not a silent no-op.</summary>
    public IEnumerable<(int Index, PackTake Take)> Unused => take.Select((t, i) => (i, t)).Where(t => !used.Contains(t.t));

    /// <summary>True when the publisher's value wins the conflict on <paramref name="property"/> of <paramref name="component"/>.</summary>
    public bool TakesPublisher(string component, string property)
    {
        if (take.FirstOrDefault(t => t.Component == component && t.Property == property) is { } exception)
        {
            used.Add(exception);
            return exception.From != Tenant;
        }

        return takePublisher;
    }
}

/// <summary>
/// The 3-way merge of one component, property by property, between the publisher's values as installed (base), the
/// tenant's current values and the publisher's new values: a publisher change applies where the tenant kept the base;
/// a tenant edit stays where the publisher kept the base; where both changed, the policy decides and the report says so.
/// </summary>
internal static class PackMerge
{
    public static (JsonObject Merged, List<PackChange> Changes) Merge(
        string kind, string component, JsonObject @base, JsonObject tenant, JsonObject publisher, MergePolicy policy)
    {
        var merged = tenant.DeepClone().AsObject();
        var changes = new List<PackChange>();
        var keys = @base.Select(p => p.Key).Union(publisher.Select(p => p.Key), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var (b, t, p) = (@base[key], tenant[key], publisher[key]);
            if (PackProperties.Same(t, p) || (!PackProperties.Same(t, b) && PackProperties.Same(p, b)))
            {
                continue;
            }

            var conflict = !PackProperties.Same(t, b);
            var takePublisher = !conflict || policy.TakesPublisher(component, key);
            changes.Add(new PackChange(kind, component, key, conflict ? "conflict" : "updated", b?.DeepClone(), t?.DeepClone(), p?.DeepClone(),
                takePublisher ? MergePolicy.Publisher : MergePolicy.Tenant));
            if (!takePublisher)
            {
                continue;
            }

            if (p is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = p.DeepClone();
            }
        }

        return (merged, changes);
    }
}
