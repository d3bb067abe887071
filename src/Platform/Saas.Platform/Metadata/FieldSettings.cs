using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Saas.Platform.Metadata;

/// <summary>
/// The type-specific part of a field, stored as JSON so that a new field type needs no schema change.
/// Read it with <see cref="FieldDefinition.GetSettings{T}"/>.
/// </summary>
[JsonDerivedType(typeof(TextSettings))]
[JsonDerivedType(typeof(NumberSettings))]
[JsonDerivedType(typeof(PicklistSettings))]
[JsonDerivedType(typeof(LookupSettings))]
[JsonDerivedType(typeof(AutoNumberSettings))]
[JsonDerivedType(typeof(FormulaSettings))]
[JsonDerivedType(typeof(RollupSettings))]
public abstract record FieldSettings;

/// <summary>Settings of <c>text</c> and <c>longText</c> fields.</summary>
public sealed record TextSettings(int MaxLength) : FieldSettings;

/// <summary>Settings of <c>number</c>, <c>currency</c> and <c>percent</c> fields: total digits and digits after the point.</summary>
public sealed record NumberSettings(int Precision, int Scale) : FieldSettings;

/// <summary>Settings of <c>picklist</c> and <c>multiPicklist</c> fields, values in display order.</summary>
public sealed record PicklistSettings(ImmutableArray<PicklistValue> Values) : FieldSettings;

/// <summary>One choice of a picklist. Records will store <see cref="ApiName"/>; an inactive value stays readable but cannot be chosen.</summary>
public sealed record PicklistValue(string ApiName, ImmutableSortedDictionary<string, string> Label, int Order, bool IsDefault, bool IsActive);

/// <summary>Settings of <c>lookup</c> fields: the api name of the entity the field points to.</summary>
public sealed record LookupSettings(string TargetEntity) : FieldSettings;

/// <summary>Settings of <c>autoNumber</c> fields: a pattern such as <c>INV-{0000}</c>; see <see cref="AutoNumberPattern"/>.</summary>
public sealed record AutoNumberSettings(string Pattern) : FieldSettings;

/// <summary>
/// Settings of <c>formula</c> fields: an expression over the entity's other fields and the type of its value (a field
/// type name: text, number, currency, percent, date, dateTime or boolean).
/// </summary>
public sealed record FormulaSettings(string Expression, string ResultType) : FieldSettings;

/// <summary>
/// Settings of <c>rollup</c> fields: <paramref name="Function"/> (count, sum, min or max) over <paramref name="Field"/>
/// of the <paramref name="ChildEntity"/> records whose lookup <paramref name="LookupField"/> points to the record,
/// optionally only those for which the boolean expression <paramref name="Filter"/> (over the child's fields) is true.
/// <paramref name="ResultType"/> is set by the platform: number for count, else the aggregated field's type.
/// </summary>
public sealed record RollupSettings(string ChildEntity, string LookupField, string Function, string? Field, string? Filter, string ResultType) : FieldSettings;
