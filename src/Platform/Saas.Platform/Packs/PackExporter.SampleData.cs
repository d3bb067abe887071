using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Records;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

internal sealed partial class PackExporter
{
    /// <summary>The most sample rows per entity an export writes.</summary>
    internal const int MaxSampleRows = 1000;

    /// <summary>
    /// The first <paramref name="limit"/> live records (oldest first) of each exported entity as <c>data/{entity}.csv</c>,
    /// each row keyed <c>r1</c>, <c>r2</c>, ... and its lookups written as the keys of the target's rows, so installing the
    /// pack with its sample data recreates them. Fields the platform fills (owner, auto-number, formula, roll-up) and
    /// read-only ones are left out; a lookup to a record not exported is left empty, and a lookup column that would close
    /// a cycle between the tables (which sample data cannot have) is left out.
    /// </summary>
    private async Task AddSampleDataAsync(
        SortedDictionary<string, string> files, List<string> notes, PackDefinition draft, MetadataSnapshot snapshot, int limit, CancellationToken cancellationToken)
    {
        var entities = draft.Entities.Where(e => !e.Extends && snapshot.FindEntity(e.ApiName) is not null).ToList();
        var rows = new Dictionary<string, List<(Guid Id, Dictionary<Guid, JsonNode?> Values)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in entities)
        {
            var id = snapshot.FindEntity(entity.ApiName)!.Id;
            var stored = await db.Records.AsNoTracking().Where(r => r.EntityId == id && r.DeletedAt == null).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Take(limit)
                .Select(r => new { r.Id, r.Data }).ToListAsync(cancellationToken);
            if (stored.Count > 0)
            {
                rows[entity.ApiName] = [.. stored.Select(s => (s.Id, RecordData.Read(s.Data)))];
            }
        }

        var keys = rows.Values.SelectMany(list => list.Select((row, i) => (row.Id, Key: $"r{i + 1}"))).ToDictionary(k => k.Id, k => k.Key);
        var edges = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        bool Reaches(string from, string to) => string.Equals(from, to, StringComparison.OrdinalIgnoreCase) || edges.GetValueOrDefault(from)?.Any(next => Reaches(next, to)) == true;

        foreach (var entity in entities.Where(e => rows.ContainsKey(e.ApiName)))
        {
            var definition = snapshot.FindEntity(entity.ApiName)!;
            var columns = new List<(PackField Field, Guid Id)>();
            foreach (var field in entity.Fields.Where(f => f.Type is not (Owner or AutoNumber or Formula or Rollup) && f.ReadOnly != true))
            {
                if (field.Type == Lookup)
                {
                    if (!rows.ContainsKey(field.Target!) || Reaches(field.Target!, entity.ApiName))
                    {
                        notes.Add($"{PackFiles.DataFolder}/{entity.ApiName}.csv: the lookup '{field.ApiName}' left out; " +
                            (rows.ContainsKey(field.Target!) ? "it would point the sample tables in a cycle." : $"'{field.Target}' has no sample rows in the pack."));
                        continue;
                    }

                    (edges.TryGetValue(entity.ApiName, out var targets) ? targets : edges[entity.ApiName] = new(StringComparer.OrdinalIgnoreCase)).Add(field.Target!);
                }

                if (definition.FindField(field.ApiName) is { } stored)
                {
                    columns.Add((field, stored.Id));
                }
            }

            var text = new StringBuilder();
            text.AppendJoin(',', [PackFiles.KeyColumn, .. columns.Select(c => Quote(c.Field.ApiName))]).Append('\n');
            var unresolved = 0;
            foreach (var (id, values) in rows[entity.ApiName])
            {
                var cells = new List<string> { keys[id] };
                foreach (var (field, fieldId) in columns)
                {
                    var cell = SampleCell(values.GetValueOrDefault(fieldId));
                    if (field.Type == Lookup && cell.Length > 0)
                    {
                        cell = Guid.TryParse(cell, out var target) && keys.TryGetValue(target, out var key) ? key : string.Empty;
                        unresolved += cell.Length == 0 ? 1 : 0;
                    }

                    cells.Add(Quote(cell));
                }

                text.AppendJoin(',', cells).Append('\n');
            }

            if (unresolved > 0)
            {
                notes.Add($"{PackFiles.DataFolder}/{entity.ApiName}.csv: {unresolved} lookups left empty; they point to records not exported.");
            }

            files[$"{PackFiles.DataFolder}/{entity.ApiName}.csv"] = text.ToString();
        }
    }

    /// <summary>A value as the sample data format writes it: numbers and booleans as JSON has them, multi-picklists joined by <c>;</c>.</summary>
    private static string SampleCell(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonArray list => string.Join(';', list.Select(SampleCell)),
        JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String => scalar.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    private static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (cell.Length > 0 && char.IsWhiteSpace(cell[0])) ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
}
