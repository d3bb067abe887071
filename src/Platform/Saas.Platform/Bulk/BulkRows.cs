using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Saas.Platform.Metadata;

namespace Saas.Platform.Bulk;

/// <summary>One row of an upload: its number (the first data row is 1), its values keyed by field api name, or why it could not be read.</summary>
internal sealed record BulkRow(int Number, JsonObject? Values, string? Error);

/// <summary>
/// Reads an upload's rows. NDJSON: one JSON object per line, keyed by field api name (blank lines are skipped). CSV: a
/// header row, then one record per row; a column goes to the field its mapping names (or, with no mapping, to the field
/// the header names). A CSV cell is text; it becomes a number for number fields, true/false for booleans and a list
/// (split on <c>;</c>) for multi-picklists; an empty cell leaves the field out.
/// </summary>
internal static class BulkRows
{
    /// <summary>RFC 4180 with a comma: a separator guessed from the data could split a column of text in two.</summary>
    private static readonly CsvReaderOptions Csv = new() { Separator = ',', DetectSeparatorHint = false };

    public static IEnumerable<BulkRow> Read(string format, string payload, IReadOnlyDictionary<string, string>? mapping, EntityDefinition entity) =>
        format == BulkFormats.Csv ? ReadCsv(payload, mapping, entity) : ReadNdjson(payload);

    /// <summary>The CSV header, or null when the upload has none.</summary>
    public static string[]? CsvHeader(string payload)
    {
        using var csv = Reader(payload);
        return csv.Headers is { Count: > 0 } header ? [.. header] : null;
    }

    /// <summary>How many rows the upload holds, without reading their values.</summary>
    public static int Count(string format, string payload)
    {
        if (format == BulkFormats.Ndjson)
        {
            return payload.Split('\n').Count(line => !string.IsNullOrWhiteSpace(line));
        }

        using var csv = Reader(payload);
        var count = 0;
        while (csv.Read())
        {
            count++;
        }

        return count;
    }

    private static IEnumerable<BulkRow> ReadNdjson(string payload)
    {
        var number = 0;
        using var reader = new StringReader(payload);
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            number++;
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException ex)
            {
                node = null;
                line = ex.Message;
            }

            yield return node is JsonObject values
                ? new BulkRow(number, values, null)
                : new BulkRow(number, null, node is null && line.Length > 0 ? $"The line is not valid JSON: {line}" : "The line is not a JSON object of field values.");
        }
    }

    private static IEnumerable<BulkRow> ReadCsv(string payload, IReadOnlyDictionary<string, string>? mapping, EntityDefinition entity)
    {
        using var csv = Reader(payload);
        var header = csv.Headers;
        var targets = header.Select(column => mapping is null ? column : mapping.GetValueOrDefault(column)).ToArray();
        var number = 0;
        while (csv.Read())
        {
            number++;
            var values = new JsonObject();
            for (var i = 0; i < targets.Length; i++)
            {
                if (targets[i] is not { } name || i >= csv.FieldCount || csv.GetString(i) is not { Length: > 0 } cell)
                {
                    continue;
                }

                values[name] = Cell(entity.FindField(name), cell);
            }

            yield return new BulkRow(number, values, null);
        }
    }

    private static CsvReader Reader(string payload) => CsvReader.Create(new StringReader(payload), Csv, false);

    /// <summary>A cell as the JSON value its field takes; anything that does not convert stays text, so validation names the rule.</summary>
    private static JsonNode Cell(FieldDefinition? field, string cell) => field?.Type switch
    {
        FieldType.Number or FieldType.Currency or FieldType.Percent when decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        FieldType.Boolean when bool.TryParse(cell.Trim(), out var flag) => JsonValue.Create(flag),
        FieldType.MultiPicklist => new JsonArray([.. cell.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (JsonNode)JsonValue.Create(v))]),
        _ => JsonValue.Create(cell),
    };
}
