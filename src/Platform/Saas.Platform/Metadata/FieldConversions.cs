using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Metadata;

/// <summary>Which type changes convert the values records hold, so that a PATCH of a field's type may ask for them.</summary>
internal static class FieldConversions
{
    private static readonly string[] TextFamily = [Text, LongText, Email, Phone, Url];
    private static readonly string[] Numbers = [Number, Currency, Percent];

    public static bool CanConvert(string from, string to) => to switch
    {
        Text or LongText => TextFamily.Contains(from) || Numbers.Contains(from) || from is Picklist or MultiPicklist or Date or FieldType.DateTime or FieldType.Boolean or Lookup or Owner,
        Email => TextFamily.Contains(from) || from is Owner,
        Phone or Url => TextFamily.Contains(from),
        Lookup => from is Text or LongText,
        Owner => from is Text or LongText or Email,
        Number or Currency or Percent => Numbers.Contains(from) || from is Text or LongText,
        Date => from is Text or LongText,
        FieldType.DateTime => from is Date or Text or LongText,
        Picklist => from is Text or LongText or MultiPicklist,
        MultiPicklist => from is Picklist or Text or LongText,
        _ => false,
    };

    public static IEnumerable<string> TargetsOf(string from) => Supported.Where(to => to != from && CanConvert(from, to));
}

/// <summary>What converting the values of a field came to: how many could not convert, with a few of their record ids.</summary>
internal sealed record FieldConversionResult(int Failed, IReadOnlyList<Guid> Examples, string? Reason, int Converted);

/// <summary>
/// Converts the values of a field to a new type in the records of its entity (deleted ones included), adding the
/// rewritten records, index rows, unique rows and history to the unit of work of the metadata change, so that all of it
/// commits in that change's one transaction. With the field's own type it converts nothing and only rebuilds the index
/// and unique rows, for a change of <c>indexed</c> or <c>unique</c>. The records module implements it.
/// </summary>
internal interface IFieldConversion
{
    Task<FieldConversionResult> ConvertAsync(
        Guid entityId, Guid fieldId, string type, FieldSettings? settings, bool indexed, bool unique, int? indexSlot, string actor, CancellationToken cancellationToken);

    /// <summary>Empties a slot column (see <see cref="IndexSlots"/>) in every record of the entity, for a field that takes the slot.</summary>
    Task ClearSlotAsync(Guid entityId, string column, CancellationToken cancellationToken);
}
