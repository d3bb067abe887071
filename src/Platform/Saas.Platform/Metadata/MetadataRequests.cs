using System.Text.Json;

namespace Saas.Platform.Metadata;

/// <summary>
/// The body of <c>POST /api/metadata/entities</c>. Texts shown to people are translations keyed by culture
/// (<c>{ "en": "Opportunity", "zh-CN": "商机" }</c>); <paramref name="Fields"/> creates fields in the same call.
/// </summary>
public sealed record CreateEntityRequest(
    string? ApiName,
    Dictionary<string, string?>? Label,
    Dictionary<string, string?>? PluralLabel,
    string? Description,
    string? Icon,
    int? DisplayOrder,
    IReadOnlyList<FieldRequest?>? Fields);

/// <summary>The body of <c>PATCH /api/metadata/entities/{entity}</c>: only what is given changes; the apiName cannot.</summary>
public sealed record UpdateEntityRequest(
    string? ApiName,
    Dictionary<string, string?>? Label,
    Dictionary<string, string?>? PluralLabel,
    string? Description,
    string? Icon,
    int? DisplayOrder);

/// <summary>
/// A field to create (<c>POST .../fields</c>, or an item of <see cref="CreateEntityRequest.Fields"/>) or to change
/// (<c>PATCH .../fields/{field}</c>, where only what is given changes and the apiName cannot; a new type converts the records' values).
/// <paramref name="Settings"/> is the object of type-specific settings; <paramref name="DefaultValue"/> is an
/// expression (a JSON string such as <c>"'open'"</c> or <c>"now()"</c>), and an empty string removes it.
/// </summary>
public sealed record FieldRequest(
    string? ApiName,
    Dictionary<string, string?>? Label,
    Dictionary<string, string?>? HelpText,
    string? Type,
    bool? Required,
    bool? Unique,
    bool? Indexed,
    bool? ReadOnly,
    int? DisplayOrder,
    JsonElement? Settings,
    JsonElement? DefaultValue);

/// <summary>
/// A validation rule to create (<c>POST .../rules</c>) or change (<c>PATCH .../rules/{rule}</c>, where only what is
/// given changes and the apiName cannot). <paramref name="ErrorCondition"/> is a boolean expression: when it is true
/// for a record, the write is refused with <paramref name="ErrorMessage"/> (translations keyed by culture), attached to
/// <paramref name="ErrorField"/> or, when that is null or empty, to the record as a whole. <paramref name="Active"/>
/// defaults to true.
/// </summary>
public sealed record RuleRequest(
    string? ApiName,
    string? ErrorCondition,
    Dictionary<string, string?>? ErrorMessage,
    string? ErrorField,
    bool? Active,
    string? Description);
