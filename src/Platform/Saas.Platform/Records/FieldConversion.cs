using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Rewrites a field's values for its new type: each value is turned into what a write of the new type accepts (numbers
/// to invariant text, texts parsed as invariant numbers, a date to its midnight UTC) and checked by the new type's
/// parser. A lookup becomes its target record's name, and a name (or an id) becomes the one target record of that name;
/// an owner becomes the member's name (or email, for an email field), and an email or a name becomes the member. Nothing
/// changes unless every value converts (and, for a unique field, stays distinct). Runs in the admin's request; very
/// large entities wait for it (a background conversion is not built).
/// </summary>
internal sealed class FieldConversion(TenantDbContext db, IMetadataService metadata, MemberService members, ITenantAccessor tenants, TimeProvider clock)
    : IFieldConversion
{
    private const int MaxExamples = 5;

    public async Task<FieldConversionResult> ConvertAsync(
        Guid entityId, Guid fieldId, string type, FieldSettings? settings, bool indexed, bool unique, int? indexSlot, string actor, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var before = snapshot.Entities.First(e => e.Id == entityId).Fields.First(f => f.Id == fieldId);
        var after = before with { Type = type, Settings = settings, Indexed = indexed, Unique = unique, IndexSlot = indexSlot };
        var records = await db.Records.Where(r => r.EntityId == entityId).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var sameType = before.Type == type;
        var references = !sameType && (before.Type is Lookup or Owner || after.Type is Lookup or Owner)
            ? await ReferencesAsync(before, after, snapshot, [.. records.Select(r => RecordData.Read(r.Data).GetValueOrDefault(fieldId)).OfType<JsonValue>().Select(v => v.ToString())], cancellationToken)
            : null;
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

            string? error = null;
            if ((sameType ? old : Convert(old, after, references, out error)) is { } value)
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
            reason = sameType
                ? $"these records hold the same value '{same.First().New.ToJsonString()}', and the field would be unique"
                : $"the values of these records become the same {type} value '{same.First().New.ToJsonString()}', and the field is unique";
        }

        if (failed.Count > 0)
        {
            return new FieldConversionResult(failed.Count, [.. failed.Take(MaxExamples)], reason, 0);
        }

        // The slot the field leaves and the one it takes are emptied in every record, then filled from the values.
        foreach (var column in new[] { IndexSlots.ColumnOf(before), IndexSlots.ColumnOf(after) }.OfType<string>())
        {
            records.ForEach(r => r.SetSlot(column, null));
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

            var rows = RecordIndex.Index(record, after, value);
            if (record.DeletedAt is null)
            {
                db.RecordValues.AddRange(rows);
            }

            if (unique)
            {
                db.RecordUniques.Add(new RecordUnique { FieldId = fieldId, NormalizedValue = RecordIndex.UniqueKey(after, value), RecordId = record.Id });
            }
        }

        return new FieldConversionResult(0, [], null, rewritten);
    }

    public async Task ClearSlotAsync(Guid entityId, string column, CancellationToken cancellationToken)
    {
        await (IndexSlots.KindOfColumn(column) switch
        {
            IndexSlots.Text => ClearAsync<string>(entityId, column, cancellationToken),
            IndexSlots.Number => ClearAsync<decimal?>(entityId, column, cancellationToken),
            _ => ClearAsync<DateTimeOffset?>(entityId, column, cancellationToken),
        });
    }

    private Task<int> ClearAsync<T>(Guid entityId, string column, CancellationToken cancellationToken) =>
        db.Records.Where(r => r.EntityId == entityId && EF.Property<T>(r, column) != null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => EF.Property<T>(r, column), default(T)), cancellationToken);

    private static JsonNode? Convert(JsonNode old, FieldDefinition after, Dictionary<string, (JsonNode? Input, string? Refusal)>? references, out string? error)
    {
        (JsonNode? Input, string? Refusal) converted = (after.Type, old.GetValueKind()) switch
        {
            _ when references is not null => references.GetValueOrDefault(old.GetValue<string>().Trim(), (null, "cannot be resolved")),
            (Text or LongText or Email or Phone or Url, JsonValueKind.Number) => (JsonValue.Create(old.GetValue<decimal>().ToString(CultureInfo.InvariantCulture)), null),
            (Text or LongText, JsonValueKind.True or JsonValueKind.False) => (JsonValue.Create(old.GetValue<bool>() ? "true" : "false"), null),
            (Text or LongText, JsonValueKind.Array) => (JsonValue.Create(string.Join("; ", old.AsArray().Select(v => v!.GetValue<string>()))), null),
            (Number or Currency or Percent, JsonValueKind.String) =>
                decimal.TryParse(old.GetValue<string>().Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) ? (JsonValue.Create(number), null) : (null, "is not a number"),
            (FieldType.DateTime, JsonValueKind.String) when old.GetValue<string>().Length == FieldValueParser.DateFormat.Length => (JsonValue.Create(old.GetValue<string>() + "T00:00:00Z"), null),
            (Picklist, JsonValueKind.String) => Choice(after, old.GetValue<string>()) is { } choice ? (JsonValue.Create(choice), null) : (null, "matches no value of the picklist by api name or label"),
            (Picklist, JsonValueKind.Array) => old.AsArray().Count == 1 ? (old[0]!.DeepClone(), null) : (null, "holds several values, and a picklist holds one"),
            (MultiPicklist, JsonValueKind.String) => Choices(after, old.GetValue<string>()) is { } choices ? (choices, null) : (null, "matches no value of the picklist by api name or label"),
            _ => (old.DeepClone(), null),
        };
        if (converted.Input is null)
        {
            error = converted.Refusal;
            return null;
        }

        return FieldValueParser.Parse(after, converted.Input, out error);
    }

    /// <summary>
    /// What each value a field holds becomes when a lookup or an owner is involved, resolved in a few queries (by the
    /// value's trimmed text).
    /// </summary>
    private async Task<Dictionary<string, (JsonNode? Input, string? Refusal)>> ReferencesAsync(
        FieldDefinition before, FieldDefinition after, MetadataSnapshot snapshot, List<string> held, CancellationToken cancellationToken)
    {
        var texts = held.Select(t => t.Trim()).ToHashSet(StringComparer.Ordinal);
        if (before.Type == Lookup)
        {
            var ids = texts.Select(t => Guid.TryParse(t, out var id) ? id : Guid.Empty).ToList();
            var names = await NamesAsync(db.Records.AsNoTracking().Where(r => r.EntityId == TargetOf(before, snapshot)), ids, cancellationToken);
            return texts.ToDictionary(t => t, t => ((JsonNode?)JsonValue.Create(names.GetValueOrDefault(Guid.Parse(t)) ?? t), (string?)null), StringComparer.Ordinal);
        }

        if (before.Type == Owner || after.Type == Owner)
        {
            var people = await members.ListAsync(tenants.Tenant!.Id, cancellationToken);
            return before.Type == Owner
                ? texts.ToDictionary(t => t, t => people.FirstOrDefault(m => m.UserId.ToString() == t) is { } member
                    ? ((JsonNode?)JsonValue.Create(after.Type == Email ? member.Email : member.DisplayName), (string?)null)
                    : (JsonValue.Create(t), null), StringComparer.Ordinal)
                : texts.ToDictionary(t => t, t => people.Where(m => m.UserId.ToString() == t || string.Equals(m.Email, t, StringComparison.OrdinalIgnoreCase)
                        || string.Equals(m.DisplayName, t, StringComparison.OrdinalIgnoreCase)).Take(2).ToList() switch
                    {
                        [var member] => ((JsonNode?)JsonValue.Create(member.UserId.ToString()), (string?)null),
                        [] => (null, "names no member of the tenant by email or name"),
                        _ => (null, "names several members of the tenant"),
                    }, StringComparer.Ordinal);
        }

        var target = TargetOf(after, snapshot);
        var live = db.Records.AsNoTracking().Where(r => r.EntityId == target && r.DeletedAt == null);
        var byId = await NamesAsync(live, [.. texts.Select(t => Guid.TryParse(t, out var id) ? id : Guid.Empty)], cancellationToken);
        var byName = new Dictionary<string, List<Guid>>(StringComparer.Ordinal);
        foreach (var chunk in texts.Where(t => !Guid.TryParse(t, out _)).Chunk(500))
        {
            foreach (var found in await live.Where(r => chunk.Contains(r.Name!)).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken))
            {
                (byName.TryGetValue(found.Name!, out var ids) ? ids : byName[found.Name!] = []).Add(found.Id);
            }
        }

        var entity = snapshot.Entities.First(e => e.Id == target).ApiName;
        return texts.ToDictionary(t => t, t => Guid.TryParse(t, out var id)
            ? byId.ContainsKey(id) ? ((JsonNode?)JsonValue.Create(t), (string?)null) : (null, $"is the id of no {entity} record")
            : byName.GetValueOrDefault(t) switch
            {
                [var one] => (JsonValue.Create(one.ToString()), null),
                null => (null, $"names no {entity} record"),
                var several => (null, $"names {several.Count} {entity} records"),
            }, StringComparer.Ordinal);
    }

    private static Guid TargetOf(FieldDefinition lookup, MetadataSnapshot snapshot) =>
        snapshot.FindEntity(((LookupSettings)lookup.Settings!).TargetEntity)!.Id;

    private static async Task<Dictionary<Guid, string?>> NamesAsync(IQueryable<StoredRecord> records, List<Guid> ids, CancellationToken cancellationToken)
    {
        var names = new Dictionary<Guid, string?>();
        foreach (var chunk in ids.Where(id => id != Guid.Empty).Chunk(500))
        {
            foreach (var found in await records.Where(r => chunk.Contains(r.Id)).Select(r => new { r.Id, r.Name }).ToListAsync(cancellationToken))
            {
                names[found.Id] = found.Name;
            }
        }

        return names;
    }

    /// <summary>The api name of the value a text names, by api name or by a label in any language, ignoring case.</summary>
    private static string? Choice(FieldDefinition picklist, string text)
    {
        var wanted = text.Trim();
        return picklist.Settings is PicklistSettings { Values: var values }
            ? values.FirstOrDefault(v => string.Equals(v.ApiName, wanted, StringComparison.OrdinalIgnoreCase)
                || v.Label.Values.Any(l => string.Equals(l, wanted, StringComparison.OrdinalIgnoreCase)))?.ApiName
            : null;
    }

    /// <summary>The values a text names, separated by semicolons (as a multi-picklist becomes text), each as <see cref="Choice"/>.</summary>
    private static JsonArray? Choices(FieldDefinition picklist, string text)
    {
        var names = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => Choice(picklist, t)).ToList();
        return names.Count > 0 && names.All(n => n is not null) ? new JsonArray([.. names.Distinct().Select(n => JsonValue.Create(n))]) : null;
    }
}
