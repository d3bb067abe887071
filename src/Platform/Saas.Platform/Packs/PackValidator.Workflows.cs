using System.Collections.Immutable;
using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

public sealed partial class PackValidator
{
    /// <summary>
    /// Each workflow with the workflow validator itself, against the entities of the pack and its dependencies as a
    /// tenant will have them once they are installed: triggers, fields, expressions, templates, durations. Members,
    /// teams and record filters are the tenant's and are checked again when the pack is installed.
    /// </summary>
    private void CheckWorkflows(PackDefinition pack, PackScope scope, IReadOnlyList<PackDefinition> dependencies, List<PackProblem> problems)
    {
        if (pack.Workflows.Count == 0)
        {
            return;
        }

        var snapshot = SnapshotOf([.. scope.Entities()], scope);
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var prefix = pack.Manifest.Publisher == PackFiles.PlatformPublisher ? null : pack.Manifest.Prefix + "_";
        foreach (var workflow in pack.Workflows)
        {
            if (MetadataApiName.ValidateFieldName(workflow.Name) is not null)
            {
                problems.Add(new(workflow.File, string.Empty, $"'{workflow.Name}' is not a workflow name: a letter, then letters, digits or underscores (the file's name without its extension)."));
            }
            else if (!seen.TryAdd(workflow.Name, workflow.File))
            {
                problems.Add(new(workflow.File, string.Empty, $"The workflow '{workflow.Name}' is also defined in {seen[workflow.Name]}."));
            }
            else if (prefix is not null && !workflow.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                problems.Add(new(workflow.File, string.Empty, $"The workflow's name '{workflow.Name}' (its file's name) must start with the pack's prefix '{prefix}'."));
            }

            foreach (var (path, messages) in workflows.ValidateForPack(snapshot, workflow.Document))
            {
                problems.AddRange(messages.Select(m => new PackProblem(workflow.File, path, m)));
            }
        }
    }

    /// <summary>The entities as a tenant's metadata snapshot: what the workflow validator and the expression compiler read.</summary>
    private static MetadataSnapshot SnapshotOf(IReadOnlyList<PackEntity> entities, PackScope scope)
    {
        var now = DateTimeOffset.UnixEpoch;
        var definitions = entities.Select((entity, e) =>
        {
            var fields = entity.Fields.Select((f, i) => new FieldDefinition(
                Guid.NewGuid(), f.ApiName, Label(f.Label), ImmutableSortedDictionary<string, string>.Empty, f.Type,
                f.Required == true, f.Unique == true, f.Indexed == true, f.ReadOnly == true, f.DisplayOrder ?? (i + 1) * 10,
                Settings(f, scope), now, now) { DefaultValue = f.Default });
            return new EntityDefinition(
                Guid.NewGuid(), entity.ApiName, Label(entity.Label), Label(entity.PluralLabel ?? entity.Label),
                entity.Description, entity.Icon, entity.DisplayOrder ?? (e + 1) * 10, [.. fields], [], now, now);
        });
        return new MetadataSnapshot(0, [.. definitions.DistinctBy(d => d.ApiName, StringComparer.OrdinalIgnoreCase)]);
    }

    private static ImmutableSortedDictionary<string, string> Label(string english) =>
        ImmutableSortedDictionary<string, string>.Empty.Add(Translations.English, english);
}
