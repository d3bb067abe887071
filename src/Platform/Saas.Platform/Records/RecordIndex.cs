using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using UUIDNext;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>What a stored value puts in the typed index table and in the unique table.</summary>
internal static class RecordIndex
{
    /// <summary>
    /// Indexes one value of a field in the record: puts it in the field's slot column, if it has one, and answers its
    /// rows for the index table (for a live record; nothing reads a deleted record's rows), none when the slot replaces
    /// them (<see cref="IndexSlots.ReplacesRows"/>).
    /// </summary>
    public static List<RecordValue> Index(StoredRecord record, FieldDefinition field, JsonNode? value)
    {
        var rows = Rows(record, field, value).ToList();
        if (IndexSlots.ColumnOf(field) is { } column)
        {
            record.SetSlot(column, rows is [var row] ? row : null);
        }

        return IndexSlots.ReplacesRows(field) ? [] : rows;
    }

    /// <summary>
    /// The index rows of one value of an indexed field; none for a field that is not indexed or has no value. A formula
    /// is indexed as its result type; a value stored before its result type changed has no row until the next write.
    /// </summary>
    private static IEnumerable<RecordValue> Rows(StoredRecord record, FieldDefinition field, JsonNode? value)
    {
        var type = field.Type switch
        {
            Formula => field.GetSettings<FormulaSettings>().ResultType,
            Rollup => field.GetSettings<RollupSettings>().ResultType,
            _ => field.Type,
        };
        if (!field.Indexed || value is null || (field.Type is Formula or Rollup && !FormulaResults.Fits(type, value)))
        {
            yield break;
        }

        RecordValue Row(string? text = null, decimal? number = null, DateTimeOffset? date = null, bool? flag = null, Guid? id = null) => new()
        {
            Id = Uuid.NewSequential(),
            TenantId = record.TenantId,
            EntityId = record.EntityId,
            FieldId = field.Id,
            RecordId = record.Id,
            TextValue = text,
            NumberValue = number,
            DateValue = date,
            BoolValue = flag,
            GuidValue = id,
        };

        switch (type)
        {
            case Number or Currency or Percent:
                yield return Row(number: value.GetValue<decimal>());
                break;
            case Date:
                var day = new DateTimeOffset(DateOnly.ParseExact(value.GetValue<string>(), FieldValueParser.DateFormat, CultureInfo.InvariantCulture), TimeOnly.MinValue, TimeSpan.Zero);
                yield return Row(date: day, text: MonthKey(day), number: day.Day);
                break;
            case FieldType.DateTime:
                var at = DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture).ToUniversalTime();
                yield return Row(date: at, text: MonthKey(at), number: at.Day);
                break;
            case FieldType.Boolean:
                yield return Row(flag: value.GetValue<bool>());
                break;
            case Lookup or Owner:
                yield return Row(id: Guid.Parse(value.GetValue<string>()));
                break;
            case MultiPicklist:
                foreach (var choice in value.AsArray())
                {
                    yield return Row(text: Folded(choice!.GetValue<string>()));
                }

                break;
            case AutoNumber:
                yield return Row(text: Folded(value.GetValue<string>()), number: AutoNumberOf(field, value.GetValue<string>()));
                break;
            default:
                yield return Row(text: Folded(value.GetValue<string>()));
                break;
        }
    }

    /// <summary>
    /// The form two values are compared in for uniqueness: texts ignore case, numbers ignore trailing zeros, date-times
    /// compare as instants. A key too long for the column is replaced by its SHA-256.
    /// </summary>
    public static string UniqueKey(FieldDefinition field, JsonNode value)
    {
        var key = field.Type switch
        {
            Number or Currency or Percent => FieldValueParser.WithoutTrailingZeros(value.GetValue<decimal>()).ToString(CultureInfo.InvariantCulture),
            FieldType.DateTime => DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture).UtcTicks.ToString(CultureInfo.InvariantCulture),
            FieldType.Boolean => value.GetValue<bool>() ? "true" : "false",
            _ => value.GetValue<string>().ToLowerInvariant(),
        };
        return key.Length <= RecordUnique.ValueLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>
    /// A date's row also carries its UTC month as two digits in the text column and its day in the number column, so
    /// <c>month()</c> and <c>day()</c> in a filter are index lookups too (those columns are otherwise unused in date rows).
    /// </summary>
    public static string MonthKey(DateTimeOffset utc) => utc.Month.ToString("00", CultureInfo.InvariantCulture);

    private static string Folded(string text) => RecordData.Cut(text.ToLowerInvariant(), RecordValue.TextLength);

    /// <summary>The counter behind an auto-number text, when the text still fits the field's pattern.</summary>
    private static decimal? AutoNumberOf(FieldDefinition field, string text)
    {
        var pattern = AutoNumberPattern.Parse(field.GetSettings<AutoNumberSettings>().Pattern, out _);
        if (pattern is null || !text.StartsWith(pattern.Prefix, StringComparison.Ordinal) || !text.EndsWith(pattern.Suffix, StringComparison.Ordinal)
            || text.Length < pattern.Prefix.Length + pattern.Suffix.Length)
        {
            return null;
        }

        var digits = text[pattern.Prefix.Length..^pattern.Suffix.Length];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
    }
}
