using System.Text.Json.Nodes;

namespace Saas.Platform.Packs;

/// <summary>One problem of a pack: the file (relative to the pack folder), the path inside it, and why.</summary>
public sealed record PackProblem(string File, string Path, string Reason)
{
    public override string ToString() => Path.Length == 0 ? $"{File}: {Reason}" : $"{File} at {Path}: {Reason}";
}

/// <summary>The manifest, <c>pack.yaml</c>.</summary>
public sealed record PackManifest(
    string Id,
    string Publisher,
    string? Prefix,
    string Version,
    IReadOnlyDictionary<string, string> Name,
    IReadOnlyDictionary<string, string>? Description,
    string? Platform,
    IReadOnlyDictionary<string, string>? Dependencies);

/// <summary>An entity of <c>entities/*.yaml</c>; <see cref="File"/> is where it was read from.</summary>
public sealed record PackEntity(
    string ApiName, string Label, string? PluralLabel, string? Description, string? Icon, int? DisplayOrder, IReadOnlyList<PackField> Fields)
{
    public string File { get; init; } = string.Empty;

    /// <summary>The entity's validation rules; none when the file gives none.</summary>
    public IReadOnlyList<PackRule>? Rules { get; init; }

    /// <summary>
    /// True for <c>extensions/*.yaml</c>: fields this pack adds to an entity of one of its dependencies (a lookup from the
    /// core pack's activity to the pack's own entity, say). The entity itself stays the dependency's.
    /// </summary>
    public bool Extends { get; init; }
}

/// <summary>An extension file, <c>extensions/{entity}.yaml</c>: fields added to an entity a dependency defines.</summary>
public sealed record PackExtension(string Entity, IReadOnlyList<PackField> Fields)
{
    public PackEntity ToEntity(string file) => new(Entity, Entity, null, null, null, null, Fields) { File = file, Extends = true };
}

/// <summary>A validation rule of an entity file: the record is refused while <see cref="ErrorCondition"/> is true.</summary>
public sealed record PackRule(
    string ApiName, string ErrorCondition, IReadOnlyDictionary<string, string> ErrorMessage, string? ErrorField = null, bool? Active = null, string? Description = null);

/// <summary>A field; the type-specific settings are flat properties (maxLength, precision, picklist, target, ...).</summary>
public sealed record PackField(
    string ApiName,
    string Label,
    string Type,
    string? HelpText = null,
    bool? Required = null,
    bool? Unique = null,
    bool? Indexed = null,
    bool? ReadOnly = null,
    int? DisplayOrder = null,
    string? Default = null,
    int? MaxLength = null,
    int? Precision = null,
    int? Scale = null,
    string? Picklist = null,
    string? Target = null,
    string? Pattern = null,
    string? Expression = null,
    string? ResultType = null);

public sealed record PackPicklist(IReadOnlyList<PackPicklistValue> Values);

public sealed record PackPicklistValue(string ApiName, string Label, bool? Default = null, bool? Active = null);

public sealed record PackPermissionSet(string Name, string? Description, JsonObject Rules);

/// <summary>The texts of one culture: entity and field labels, and picklist value labels.</summary>
public sealed record PackTranslations(
    IReadOnlyDictionary<string, PackEntityTexts>? Entities, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Picklists);

public sealed record PackEntityTexts(string? Label, string? PluralLabel, IReadOnlyDictionary<string, JsonNode?>? Fields);

/// <summary>
/// A workflow of <c>workflows/{name}.yaml</c> (or <c>.json</c>): <see cref="Name"/> is the file's name without its
/// extension, the component's name in the tenant; <see cref="Document"/> is the definition as the workflow API takes it.
/// </summary>
public sealed record PackWorkflow(string Name, string File, Saas.Platform.Workflows.WorkflowDocument Document);

/// <summary>The rows of <c>data/{entity}.csv</c>: the header and each row's values by column (empty cells left out).</summary>
public sealed record PackTable(string Entity, string File, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyDictionary<string, string>> Rows);

/// <summary>A pack as read from its folder.</summary>
public sealed record PackDefinition(
    PackManifest Manifest,
    IReadOnlyList<PackEntity> Entities,
    IReadOnlyDictionary<string, PackPicklist> Picklists,
    IReadOnlyList<PackPermissionSet> PermissionSets,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Roles,
    IReadOnlyDictionary<string, PackTranslations> Translations,
    IReadOnlyList<PackTable> SampleData)
{
    public string Id => Manifest.Id;

    /// <summary>The workflows of <c>workflows/</c>, installed published; empty for a pack without any.</summary>
    public IReadOnlyList<PackWorkflow> Workflows { get; init; } = [];

    /// <summary>The shared list views of <c>views/</c>, one file per entity; empty for a pack without any.</summary>
    public IReadOnlyList<PackViewFile> Views { get; init; } = [];

    /// <summary>The form layouts of <c>layouts/</c>, one per entity; empty for a pack without any.</summary>
    public IReadOnlyList<PackLayout> Layouts { get; init; } = [];

    /// <summary>The dashboards of <c>dashboards/</c>, one per file; empty for a pack without any.</summary>
    public IReadOnlyList<PackDashboard> Dashboards { get; init; } = [];

    public string Version => Manifest.Version;

    /// <summary>A label in <paramref name="culture"/>, if the pack's translations give one.</summary>
    public string? EntityText(string culture, string entity, Func<PackEntityTexts, string?> pick) =>
        Translations.GetValueOrDefault(culture)?.Entities?.GetValueOrDefault(entity) is { } texts ? pick(texts) : null;
}
