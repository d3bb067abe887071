using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

internal sealed partial class PackInstaller
{
    private const string Chinese = "zh-CN";

    [GeneratedRegex(@"^fields\[(\d+)\]")]
    private static partial Regex FieldIndex();

    /// <summary>
    /// Entities with their plain fields first (then the plain fields of extensions), then every lookup (its target may
    /// be an entity created later in the pack), then the formulas (which may read any other field).
    /// </summary>
    private async Task<PackInstallOutcome?> CreateMetadataAsync(InstallRun run, CancellationToken cancellationToken)
    {
        var pack = run.Pack;
        for (var e = 0; e < pack.Entities.Count; e++)
        {
            var entity = pack.Entities[e];
            if (entity.Extends)
            {
                continue;
            }

            var plain = Enumerable.Range(0, entity.Fields.Count).Where(i => entity.Fields[i].Type is not (Lookup or Formula)).ToList();
            var request = EntityRequestOf(run, e, plain);
            if (Refused(await entities.CreateAsync(request, run.Actor, cancellationToken), entity.File, path => Remap(path, plain)) is { } refused)
            {
                return refused;
            }
        }

        // The entity an extension adds to exists already, so the extension's plain fields come first, one by one.
        var phases = new (Func<string, bool> Takes, bool ExtensionsOnly)[] { (t => t is not (Lookup or Formula), true), (t => t == Lookup, false), (t => t == Formula, false) };
        foreach (var (takes, extensionsOnly) in phases)
        {
            foreach (var entity in pack.Entities.Where(e => e.Extends || !extensionsOnly))
            {
                for (var i = 0; i < entity.Fields.Count; i++)
                {
                    if (takes(entity.Fields[i].Type)
                        && Refused(await fields.CreateAsync(entity.ApiName, FieldRequestOf(run, entity, i), run.Actor, cancellationToken), entity.File, path => Problems.Path($"fields[{i}]", path)) is { } refused)
                    {
                        return refused;
                    }
                }
            }
        }

        return null;
    }

    private async Task<PackInstallOutcome?> RecordProvenanceAsync(InstallRun run, CancellationToken cancellationToken)
    {
        var names = run.Pack.Entities.Select(e => MetadataApiName.Normalize(e.ApiName)).ToList();
        var stored = await db.MetadataEntities.AsNoTracking().Where(e => names.Contains(e.NormalizedApiName) && e.DeletedAt == null).ToListAsync(cancellationToken);
        var ids = stored.Select(e => e.Id).ToList();
        var storedFields = await db.MetadataFields.AsNoTracking().Where(f => ids.Contains(f.EntityId) && f.DeletedAt == null).ToListAsync(cancellationToken);
        for (var e = 0; e < run.Pack.Entities.Count; e++)
        {
            var entity = run.Pack.Entities[e];
            var row = stored.Single(s => s.NormalizedApiName == MetadataApiName.Normalize(entity.ApiName));
            if (!entity.Extends)
            {
                var component = run.Component(PackComponentKinds.Entity, entity.ApiName, row.Id, JsonSerializer.Serialize(entity with { Fields = [] }, Json));
                component.Base = PackProperties.OfEntity(EntityRequestOf(run, e, [])).ToJsonString();
                run.Components.Add(component);
            }

            for (var i = 0; i < entity.Fields.Count; i++)
            {
                var field = entity.Fields[i];
                var fieldRow = storedFields.Single(f => f.EntityId == row.Id && string.Equals(f.ApiName, field.ApiName, StringComparison.OrdinalIgnoreCase));
                var fieldComponent = run.Component(PackComponentKinds.Field, $"{entity.ApiName}.{field.ApiName}", fieldRow.Id, JsonSerializer.Serialize(field, Json));
                fieldComponent.Base = PackProperties.OfField(FieldRequestOf(run, entity, i)).ToJsonString();
                run.Components.Add(fieldComponent);
            }
        }

        return null;
    }

    /// <summary>The request that creates the pack's entity number <paramref name="e"/> with the fields at <paramref name="fieldIndexes"/>.</summary>
    private static CreateEntityRequest EntityRequestOf(InstallRun run, int e, IEnumerable<int> fieldIndexes)
    {
        var pack = run.Pack;
        var entity = pack.Entities[e];
        return new CreateEntityRequest(
            entity.ApiName,
            Texts(entity.Label, c => pack.EntityText(c, entity.ApiName, t => t.Label)),
            Texts(entity.PluralLabel ?? entity.Label, c => pack.EntityText(c, entity.ApiName, t => t.PluralLabel ?? t.Label)),
            entity.Description, entity.Icon, entity.DisplayOrder ?? (e + 1) * 10,
            [.. fieldIndexes.Select(i => FieldRequestOf(run, entity, i))]);
    }

    /// <summary>Where a pack's fields on a dependency's entity start, unless they say: after the entity's own fields.</summary>
    private const int ExtensionFieldOrder = 1000;

    private static FieldRequest FieldRequestOf(InstallRun run, PackEntity entity, int index)
    {
        var field = entity.Fields[index];
        var pack = run.Pack;
        string? Translated(string culture, string part) =>
            pack.Translations.GetValueOrDefault(culture)?.Entities?.GetValueOrDefault(entity.ApiName)?.Fields?.GetValueOrDefault(field.ApiName) switch
            {
                JsonValue value when part == "label" => value.GetValue<string>(),
                JsonObject texts => texts[part]?.GetValue<string>(),
                _ => null,
            };

        return new FieldRequest(
            field.ApiName,
            Texts(field.Label, c => Translated(c, "label")),
            field.HelpText is null ? null : Texts(field.HelpText, c => Translated(c, "helpText")),
            field.Type, field.Required, field.Unique, field.Indexed, field.ReadOnly,
            field.DisplayOrder ?? (entity.Extends ? ExtensionFieldOrder : 0) + ((index + 1) * 10),
            SettingsOf(field, run.Scope),
            field.Default is null ? null : JsonSerializer.SerializeToElement(field.Default));
    }

    /// <summary>The settings object the metadata API takes for the field's type; null when the type has none given.</summary>
    private static JsonElement? SettingsOf(PackField field, PackScope scope)
    {
        var settings = new JsonObject();
        switch (field.Type)
        {
            case Text or LongText when field.MaxLength is { } maxLength:
                settings["maxLength"] = maxLength;
                break;
            case Number or Currency or Percent:
                if (field.Precision is { } precision)
                {
                    settings["precision"] = precision;
                }

                if (field.Scale is { } scale)
                {
                    settings["scale"] = scale;
                }

                break;
            case Picklist or MultiPicklist when scope.Picklist(field.Picklist) is { } list:
                settings["values"] = new JsonArray([.. list.Values.Select((v, i) => (JsonNode?)new JsonObject
                {
                    ["apiName"] = v.ApiName,
                    ["label"] = LabelJson(v.Label, scope.PicklistText(Chinese, field.Picklist!, v.ApiName), scope.PicklistText(Translations.English, field.Picklist!, v.ApiName)),
                    ["order"] = i + 1,
                    ["isDefault"] = v.Default == true,
                    ["isActive"] = v.Active != false,
                })]);
                break;
            case Lookup:
                settings["targetEntity"] = field.Target;
                break;
            case AutoNumber:
                settings["pattern"] = field.Pattern;
                break;
            case Formula:
                settings["expression"] = field.Expression;
                settings["resultType"] = field.ResultType;
                break;
        }

        return settings.Count == 0 ? null : JsonSerializer.SerializeToElement(settings);
    }

    private static JsonObject LabelJson(string english, string? chinese, string? englishOverride)
    {
        var label = new JsonObject { [Translations.English] = englishOverride ?? english };
        if (chinese is not null)
        {
            label[Chinese] = chinese;
        }

        return label;
    }

    /// <summary>A text in every culture the pack gives it: English from the component file unless translations/en.yaml says otherwise.</summary>
    private static Dictionary<string, string?> Texts(string english, Func<string, string?> translated)
    {
        var texts = new Dictionary<string, string?> { [Translations.English] = translated(Translations.English) ?? english };
        if (translated(Chinese) is { } chinese)
        {
            texts[Chinese] = chinese;
        }

        return texts;
    }

    /// <summary>The metadata service's refusal as pack problems in the component's file, or null when it succeeded.</summary>
    private static PackInstallOutcome? Refused(MetadataOutcome outcome, string file, Func<string, string> path)
    {
        if (outcome.Succeeded)
        {
            return null;
        }

        if (outcome.Errors is { } errors)
        {
            return PackInstallOutcome.Invalid(
                [.. errors.SelectMany(e => e.Value.Select(m => new PackProblem(file, path(e.Key), m)))],
                "The tenant's metadata refused the pack; nothing was installed.");
        }

        return new PackInstallOutcome(null, [new PackProblem(file, path("apiName"), outcome.Detail ?? outcome.Title ?? "Refused.")],
            outcome.Status, outcome.Title, $"{outcome.Detail} Nothing was installed.");
    }

    /// <summary><c>fields[k]</c> of a request that carried some of the entity's fields is <c>fields[indexes[k]]</c> of the file.</summary>
    private static string Remap(string path, List<int> indexes) =>
        FieldIndex().Replace(path, m => int.TryParse(m.Groups[1].Value, out var k) && k < indexes.Count ? $"fields[{indexes[k]}]" : m.Value);
}
