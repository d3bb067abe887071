using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using UUIDNext;

namespace Saas.Platform.Layouts;

/// <summary>
/// Saves and deletes the layout of a live entity. A change goes through <see cref="MetadataChanges"/>, so it is audited,
/// bumps the metadata version and loses a race as a conflict instead of saving over another change.
/// </summary>
internal sealed class LayoutEditor(TenantDbContext db, IMetadataService metadata, MetadataChanges changes, TimeProvider clock)
{
    public const int MaxSections = 30;
    public const int LabelLength = 100;

    /// <summary>Validates the request against the entity's live fields and stores it whole, replacing the layout there was.</summary>
    public async Task<MetadataOutcome> SaveAsync(string entity, LayoutRequest request, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await changes.BeginAsync(cancellationToken);
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entity) is not { } definition)
        {
            return EntityEditor.EntityNotFound(entity);
        }

        var problems = new Problems();
        var sections = Validate(definition, request, problems);
        if (problems.Any)
        {
            return MetadataOutcome.Invalid(problems);
        }

        var now = clock.GetUtcNow();
        var stored = await db.Layouts.FirstOrDefaultAsync(l => l.EntityId == definition.Id, cancellationToken);
        if (stored is null)
        {
            db.Layouts.Add(new StoredLayout { Id = Uuid.NewSequential(), EntityId = definition.Id, Sections = LayoutService.Write(sections), CreatedAt = now, ModifiedAt = now });
        }
        else
        {
            stored.Sections = LayoutService.Write(sections);
            stored.ModifiedAt = now;
        }

        return await changes.CommitAsync(actor, [new("metadata.layout.saved", definition.ApiName, $"{sections.Count} sections")], cancellationToken);
    }

    /// <summary>Removes the stored layout, so the entity's forms follow the default again.</summary>
    public async Task<MetadataOutcome> DeleteAsync(string entity, string actor, CancellationToken cancellationToken)
    {
        await changes.BeginAsync(cancellationToken);
        if ((await metadata.GetSnapshotAsync(cancellationToken)).FindEntity(entity) is not { } definition)
        {
            return EntityEditor.EntityNotFound(entity);
        }

        if (await db.Layouts.FirstOrDefaultAsync(l => l.EntityId == definition.Id, cancellationToken) is not { } stored)
        {
            return MetadataOutcome.Done;
        }

        db.Layouts.Remove(stored);
        return await changes.CommitAsync(actor, [new("metadata.layout.deleted", definition.ApiName)], cancellationToken);
    }

    /// <summary>The sections to store, with the fields' api names as the entity spells them; every problem keyed by its JSON path.</summary>
    public static List<LayoutSection> Validate(EntityDefinition definition, LayoutRequest request, Problems problems)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(problems);
        var sections = new List<LayoutSection>();
        if (request.Sections is not { Count: > 0 } given)
        {
            problems.Add("sections", "Give at least one section, as { \"apiName\": ..., \"label\": { \"en\": ... }, \"columns\": 1, \"fields\": [...] }.");
            return sections;
        }

        if (given.Count > MaxSections)
        {
            problems.Add("sections", $"A layout has at most {MaxSections} sections.");
        }

        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var placed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < given.Count; i++)
        {
            var path = $"sections[{i}]";
            if (given[i] is not { } section)
            {
                problems.Add(path, "A section is required here.");
                continue;
            }

            if (MetadataApiName.ValidateValueName(section.ApiName) is { } badName)
            {
                problems.Add($"{path}.apiName", badName);
            }
            else if (!names.TryAdd(section.ApiName!, i))
            {
                problems.Add($"{path}.apiName", $"sections[{names[section.ApiName!]}] is named '{section.ApiName}' already; section api names are unique in any case.");
            }

            var label = Translations.Read(section.Label, $"{path}.label", LabelLength, englishRequired: true, problems);
            var columns = section.Columns ?? 1;
            if (columns is not (1 or 2))
            {
                problems.Add($"{path}.columns", "A section has 1 or 2 columns.");
            }

            var fields = new List<string>();
            var list = section.Fields ?? [];
            for (var j = 0; j < list.Count; j++)
            {
                var fieldPath = $"{path}.fields[{j}]";
                if (string.IsNullOrWhiteSpace(list[j]) || definition.FindField(list[j]!.Trim()) is not { } field)
                {
                    problems.Add(fieldPath, $"The entity '{definition.ApiName}' has no field '{list[j]}' (deleted fields cannot be placed).");
                }
                else if (!placed.TryAdd(field.ApiName, fieldPath))
                {
                    problems.Add(fieldPath, $"The field '{field.ApiName}' is placed already, at {placed[field.ApiName]}; a field appears once in a layout.");
                }
                else
                {
                    fields.Add(field.ApiName);
                }
            }

            sections.Add(new LayoutSection(section.ApiName ?? string.Empty, label, columns, fields));
        }

        return sections;
    }
}
