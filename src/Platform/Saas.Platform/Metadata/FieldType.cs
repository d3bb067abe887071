namespace Saas.Platform.Metadata;

/// <summary>The names of the field types, as the API and the stored definitions spell them.</summary>
public static class FieldType
{
    public const string Text = "text";
    public const string LongText = "longText";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Url = "url";
    public const string Number = "number";
    public const string Currency = "currency";
    public const string Percent = "percent";
    public const string Date = "date";
    public const string DateTime = "dateTime";
    public const string Boolean = "boolean";
    public const string Picklist = "picklist";
    public const string MultiPicklist = "multiPicklist";
    public const string Lookup = "lookup";
    public const string Owner = "owner";
    public const string AutoNumber = "autoNumber";

    /// <summary>Computed from an expression over the entity's other fields; read-only.</summary>
    public const string Formula = "formula";

    /// <summary>Aggregates (count, sum, min, max) the records of a child entity whose lookup points to the record; read-only.</summary>
    public const string Rollup = "rollup";

    /// <summary>Every type a field can be created with today, in the order the docs list them.</summary>
    public static readonly IReadOnlyList<string> Supported =
    [
        Text, LongText, Email, Phone, Url, Number, Currency, Percent, Date, DateTime, Boolean,
        Picklist, MultiPicklist, Lookup, Owner, AutoNumber, Formula, Rollup,
    ];

    /// <summary>Types of the design that need records, which do not exist yet.</summary>
    public static readonly IReadOnlyList<string> NotYetAvailable = [];

    /// <summary>Types whose fields may have a default value: those a person types or picks a single value for.</summary>
    public static bool CanHaveDefault(string type) =>
        type is Text or LongText or Email or Phone or Url or Number or Currency or Percent or Date or DateTime or Boolean or Picklist;

    /// <summary>Types whose values cannot back an index: too long, or several values per record.</summary>
    public static bool CanBeIndexed(string type) => type is not (LongText or MultiPicklist);
}
