using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Metadata;

/// <summary>
/// Typed columns of the records table that hold an indexed field's value next to the record's other indexed values,
/// as Salesforce's flex columns do: a filter on one field and a sort on another then read one row per candidate, as a
/// typed table would, instead of probing the index table once per field. Each entity gives its indexed text, number and
/// date fields a slot of their kind while slots are free (<see cref="PerKind"/> of each); a field keeps its slot while
/// it is indexed with a type of the same kind, deleted or not; purged, un-indexed or changed to another kind, it gives
/// the slot to the next live field of that kind waiting for one. Other indexed fields (booleans, lookups, formulas,
/// roll-ups, and those beyond the free slots) are read from the index table alone. A text or number slot replaces the
/// field's index rows (<see cref="ReplacesRows"/>); a date field keeps writing its rows as well, whose month and day
/// columns date parts read, as report periods and timers read their dates.
/// </summary>
internal static class IndexSlots
{
    public const int PerKind = 5;

    public const string Text = "Text";
    public const string Number = "Number";
    public const string Date = "Date";

    /// <summary>The records table's slot columns: Text0..Text4, Number0..Number4, Date0..Date4.</summary>
    public static readonly IReadOnlyList<string> Columns =
        [.. new[] { Text, Number, Date }.SelectMany(kind => Enumerable.Range(0, PerKind).Select(slot => kind + slot))];

    /// <summary>The kind of slot a field of this type takes; null for types kept in the index table alone.</summary>
    public static string? KindOf(string type) => type switch
    {
        FieldType.Text or Email or Phone or Url or Picklist or AutoNumber => Text,
        FieldType.Number or Currency or Percent => Number,
        FieldType.Date or FieldType.DateTime => Date,
        _ => null,
    };

    /// <summary>The kind of a slot column, by its name.</summary>
    public static string KindOfColumn(string column) => column.TrimEnd("0123456789".ToCharArray());

    /// <summary>The slot column holding the field's values; null when a query reads them from the index table.</summary>
    public static string? ColumnOf(FieldDefinition field) => ColumnOf(field.Type, field.Indexed, field.IndexSlot);

    /// <summary>Whether the field's values are in its slot alone, with no index rows: a text or number field with a slot.</summary>
    public static bool ReplacesRows(FieldDefinition field) => ColumnOf(field) is { } column && KindOfColumn(column) != Date;

    /// <summary>The slot column of a field of this type, flag and slot; null when it has none.</summary>
    public static string? ColumnOf(string type, bool indexed, int? slot) =>
        indexed && slot is not null && KindOf(type) is { } kind ? kind + slot : null;

    /// <summary>
    /// The slot a field of <paramref name="type"/> takes: none when it is not indexed or its kind has no slots, else
    /// <paramref name="current"/> when no other field of the entity holds it, else the lowest free one (deleted fields
    /// hold theirs until purged), else none. A column may still hold a purged field's values: whoever gives a field a
    /// slot rewrites that column in every record of the entity.
    /// </summary>
    public static int? For(string type, bool indexed, int? current, Guid fieldId, IEnumerable<StoredField> entityFields)
    {
        var kind = indexed ? KindOf(type) : null;
        if (kind is null)
        {
            return null;
        }

        var taken = entityFields.Where(f => f.Id != fieldId && f.IndexSlot is not null && KindOf(f.Type) == kind).Select(f => f.IndexSlot!.Value).ToHashSet();
        return current is { } kept && !taken.Contains(kept)
            ? kept
            : Enumerable.Range(0, PerKind).Where(s => !taken.Contains(s)).Select(s => (int?)s).FirstOrDefault();
    }
}
