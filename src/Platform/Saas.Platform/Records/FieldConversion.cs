using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Rewrites a field's values for its new type: each value is turned into what a write of the new type accepts (numbers
/// to invariant text, texts parsed as invariant numbers, a date to its midnight UTC) and checked by the new type's
/// parser. Nothing changes unless every value converts (and, for a unique field, stays distinct). Runs in the admin's
/// request; very large entities wait for it (a background conversion is not built).
/// </summary>
internal sealed class FieldConversion(TenantDbContext db, IMetadataService metadata, TimeProvider clock) : IFieldConversion
{
    private const int MaxExamples = 5;

    public async Task<FieldConversionResult> ConvertAsync(
        Guid entityId, Guid fieldId, string type, FieldSettings? settings, bool indexed, bool unique, string actor, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var before = snapshot.Entities.First(e => e.Id == entityId).Fields.First(f => f.Id == fieldId);
        var after = before with { Type = type, Settings = settings, Indexed = indexed, Unique = unique };
        var records = await db.Records.Where(r => r.EntityId == entityId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var converted = new List<(StoredRecord Record, Dictionary<Guid, JsonNode?> Values, JsonNode Old, JsonNode New)>();
        var failed = new List<Guid>();
        string? reason = null;
        foreach (var record in records)
        {
            var values = RecordData.Read(record.Data);
            if (values.GetValueOrDefault(fieldId) is not { } old)
            {
                continue;
            }

            if (Convert(old, after, out var error) is { } value)
            {
                converted.Add((record, values, old, value));
            }
            else
            {
                failed.Add(record.Id);
                reason ??= $"'{old.ToJsonString()}' {error}";
            }
        }

        if (failed.Count == 0 && unique && converted.GroupBy(c => RecordIndex.UniqueKey(after, c.New)).FirstOrDefault(g => g.Count() > 1) is { } same)
        {
            failed.AddRange(same.Select(c => c.Record.Id));
            reason = $"the values of these records become the same {type} value '{same.First().New.ToJsonString()}', and the field is unique";
        }

        if (failed.Count > 0)
        {
            return new FieldConversionResult(failed.Count, [.. failed.Take(MaxExamples)], reason, 0);
        }

        db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.FieldId == fieldId).ToListAsync(cancellationToken));
        db.RecordUniques.RemoveRange(await db.RecordUniques.Where(u => u.FieldId == fieldId).ToListAsync(cancellationToken));
        var now = clock.GetUtcNow();
        var writer = new RecordActor(actor, null);
        var rewritten = 0;
        foreach (var (record, values, old, value) in converted)
        {
            if (!JsonNode.DeepEquals(old, value))
            {
                values[fieldId] = value;
                record.Data = RecordData.Write(values);
                record.Version++;
                var changes = new RecordChanges(record, record.Version, writer, now);
                changes.Add(after.ApiName, old, value);
                db.RecordHistory.AddRange(changes.Rows);
                rewritten++;
            }

            if (record.DeletedAt is null)
            {
                db.RecordValues.AddRange(RecordIndex.Rows(record, after, value));
            }

            if (unique)
            {
                db.RecordUniques.Add(new RecordUnique { FieldId = fieldId, NormalizedValue = RecordIndex.UniqueKey(after, value), RecordId = record.Id });
            }
        }

        return new FieldConversionResult(0, [], null, rewritten);
    }

    private static JsonNode? Convert(JsonNode old, FieldDefinition after, out string? error)
    {
        JsonNode? input = (after.Type, old.GetValueKind()) switch
        {
            (Text or LongText or Email or Phone or Url, JsonValueKind.Number) => JsonValue.Create(old.GetValue<decimal>().ToString(CultureInfo.InvariantCulture)),
            (Text or LongText, JsonValueKind.True or JsonValueKind.False) => JsonValue.Create(old.GetValue<bool>() ? "true" : "false"),
            (Number or Currency or Percent, JsonValueKind.String) =>
                decimal.TryParse(old.GetValue<string>().Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : null,
            (FieldType.DateTime, JsonValueKind.String) when old.GetValue<string>().Length == FieldValueParser.DateFormat.Length => JsonValue.Create(old.GetValue<string>() + "T00:00:00Z"),
            _ => old.DeepClone(),
        };
        if (input is null)
        {
            error = "is not a number";
            return null;
        }

        return FieldValueParser.Parse(after, input, out error);
    }
}
