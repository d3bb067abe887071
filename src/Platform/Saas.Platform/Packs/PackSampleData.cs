using System.Globalization;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

/// <summary>Turns CSV cells into record values, and orders the tables so that every lookup's target rows come first.</summary>
internal static class PackSampleData
{
    /// <summary>A sample row's key: its <c>_key</c> column, else its place in the file (<c>row3</c>).</summary>
    public static string KeyOf(IReadOnlyDictionary<string, string> row, int index) => row.GetValueOrDefault(PackFiles.KeyColumn) ?? $"row{index + 1}";

    /// <summary>The JSON value of a cell, or why it is not one; lookups are resolved by the caller from the row keys.</summary>
    public static (JsonNode? Value, string? Error) Convert(PackField field, string text, PackPicklist? picklist) => field.Type switch
    {
        Number or Currency or Percent => decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number)
            ? (JsonValue.Create(number), null) : (null, $"'{text}' is not a number (write 1234.5)."),
        FieldType.Boolean => bool.TryParse(text, out var flag) ? (JsonValue.Create(flag), null) : (null, $"'{text}' is not true or false."),
        Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? (JsonValue.Create(text), null) : (null, $"'{text}' is not a date (write 2026-03-31)."),
        FieldType.DateTime => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) && text.Contains('T', StringComparison.Ordinal)
            ? (JsonValue.Create(text), null) : (null, $"'{text}' is not a date and time (write 2026-03-31T09:30:00Z)."),
        Picklist => picklist?.Values.Any(v => v.ApiName == text) == true
            ? (JsonValue.Create(text), null) : (null, $"'{text}' is not a value of the picklist '{field.Picklist}'."),
        MultiPicklist => text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is var values
            && values.FirstOrDefault(v => picklist?.Values.Any(x => x.ApiName == v) != true) is { } wrong
            ? (null, $"'{wrong}' is not a value of the picklist '{field.Picklist}' (separate values with ;).")
            : (new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]), null),
        Owner or AutoNumber or Formula => (null, $"A {field.Type} field is filled by the platform; leave it out of sample data."),
        _ => (JsonValue.Create(text), null),
    };

    /// <summary>The tables ordered so that a table comes after those its lookups point to; null when they point in a cycle.</summary>
    public static List<PackTable>? Order(PackDefinition pack)
    {
        var pending = pack.SampleData.ToList();
        var ordered = new List<PackTable>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(t => Targets(pack, t).All(target => target == t.Entity ? false : !pending.Any(p => p.Entity == target)));
            if (next is null)
            {
                return null;
            }

            ordered.Add(next);
            pending.Remove(next);
        }

        return ordered;
    }

    /// <summary>The entities the table's filled lookup columns point to.</summary>
    public static IEnumerable<string> Targets(PackDefinition pack, PackTable table) =>
        pack.Entities.FirstOrDefault(e => e.ApiName == table.Entity) is { } entity
            ? entity.Fields.Where(f => f.Type == Lookup && f.Target is not null && table.Columns.Contains(f.ApiName)).Select(f => f.Target!).Distinct()
            : [];
}
