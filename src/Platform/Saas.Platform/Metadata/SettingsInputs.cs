namespace Saas.Platform.Metadata;

// The settings objects as the API accepts them, one shape per group of types. Bound with unknown properties refused,
// so a setting that does not belong to the field's type is named in the answer.

internal sealed record TextSettingsInput(int? MaxLength);

internal sealed record NumberSettingsInput(int? Precision, int? Scale);

internal sealed record PicklistSettingsInput(IReadOnlyList<PicklistValueInput?>? Values);

internal sealed record PicklistValueInput(string? ApiName, Dictionary<string, string?>? Label, int? Order, bool? IsDefault, bool? IsActive);

internal sealed record LookupSettingsInput(string? TargetEntity);

internal sealed record AutoNumberSettingsInput(string? Pattern);

internal sealed record FormulaSettingsInput(string? Expression, string? ResultType);

internal sealed record RollupSettingsInput(string? ChildEntity, string? LookupField, string? Function, string? Field, string? Filter);

internal sealed record NoSettingsInput;
