using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Computes a roll-up field of one parent record from its live child records and writes it like any change of the
/// parent: the JSON document, the parent's formulas that read it, index rows (when indexed), field history and a new
/// version (so the ETag changes with the representation). <c>modifiedAt</c> and <c>modifiedBy</c> stay: nobody edited
/// the parent (Salesforce likewise moves SystemModstamp, not LastModifiedDate). The parent's row is locked (a no-op
/// update) before its children are read, so two child writes of one parent in parallel cannot both miss each other.
/// </summary>
internal sealed class RecordRollups(TenantDbContext db, IExpressionCompiler compiler, RecordFormulas formulas)
{
    /// <summary>
    /// Recomputes <paramref name="rollup"/> of <paramref name="parentId"/>; the changes are saved by the caller. Answers
    /// the parent's write when its value changed (null otherwise), so the parent's observers can see it.
    /// </summary>
    public async Task<RecordWrite?> RecomputeAsync(
        MetadataSnapshot snapshot, EntityDefinition parentEntity, FieldDefinition rollup, Guid parentId, RecordActor actor, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var settings = rollup.GetSettings<RollupSettings>();
        if (snapshot.FindEntity(settings.ChildEntity) is not { } child || child.FindField(settings.LookupField) is not { } lookup)
        {
            return null;
        }

        if (await db.Records.Where(r => r.Id == parentId && r.EntityId == parentEntity.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Version, r => r.Version), cancellationToken) == 0)
        {
            return null;
        }

        var value = await AggregateAsync(child, lookup, settings, parentId, new ExpressionContext(at), cancellationToken);
        var parent = await db.Records.FirstAsync(r => r.Id == parentId, cancellationToken);
        var current = RecordData.Read(parent.Data);
        if (JsonNode.DeepEquals(current.GetValueOrDefault(rollup.Id), value))
        {
            return null;
        }

        var updated = new Dictionary<Guid, JsonNode?>(current) { [rollup.Id] = value };
        List<FieldDefinition> changed = [rollup, .. formulas.Compute(parentEntity, updated, new ExpressionContext(at))];
        parent.Version++;
        var changes = new RecordChanges(parent, parent.Version, actor, at);
        foreach (var field in changed)
        {
            changes.Add(field.ApiName, current.GetValueOrDefault(field.Id), updated.GetValueOrDefault(field.Id));
        }

        // A deleted parent keeps no index rows (restoring it writes them), but its value stays right for that moment.
        if (parent.DeletedAt is null)
        {
            var fieldIds = changed.Where(f => f.Indexed).Select(f => f.Id).ToList();
            db.RecordValues.RemoveRange(await db.RecordValues.Where(v => v.RecordId == parent.Id && fieldIds.Contains(v.FieldId)).ToListAsync(cancellationToken));
            foreach (var field in changed)
            {
                db.RecordValues.AddRange(RecordIndex.Index(parent, field, updated.GetValueOrDefault(field.Id)));
            }
        }

        parent.Data = RecordData.Write(updated);
        db.RecordHistory.AddRange(changes.Rows);
        return parent.DeletedAt is null
            ? new RecordWrite(snapshot, RecordWriteKind.Updated, parentEntity, parent.Id, parent.OwnerId, current, updated, [.. changed.Select(f => f.ApiName)], actor, at)
            : null;
    }

    /// <summary>The live children are found through the lookup's index rows, which exist only for live records.</summary>
    private async Task<JsonNode?> AggregateAsync(EntityDefinition child, FieldDefinition lookup, RollupSettings settings, Guid parentId, ExpressionContext context, CancellationToken cancellationToken)
    {
        var childIds = db.RecordValues.Where(v => v.FieldId == lookup.Id && v.GuidValue == parentId).Select(v => v.RecordId);
        var documents = await db.Records.AsNoTracking().Where(r => r.EntityId == child.Id && r.DeletedAt == null && childIds.Contains(r.Id))
            .Select(r => r.Data).ToListAsync(cancellationToken);
        var filter = settings.Filter is null ? null : compiler.Compile(child, settings.Filter, ExpressionType.Boolean).Expression;
        var field = settings.Field is null ? null : child.FindField(settings.Field);
        var values = new List<JsonNode?>();
        foreach (var document in documents)
        {
            var data = RecordData.Read(document);
            if (filter is not null)
            {
                var inputs = child.Fields.ToDictionary(f => f.ApiName, f => ComputedValues.ToExpression(data.GetValueOrDefault(f.Id)), StringComparer.Ordinal);
                if (filter.Evaluate(inputs, context).Value is not true)
                {
                    continue;
                }
            }

            values.Add(field is null ? null : data.GetValueOrDefault(field.Id));
        }

        return Aggregate(settings, values);
    }

    private static JsonNode? Aggregate(RollupSettings settings, List<JsonNode?> values)
    {
        if (settings.Function == RollupRules.Count)
        {
            return JsonValue.Create((decimal)values.Count);
        }

        var present = values.Where(v => v is not null).Select(v => v!).ToList();
        if (settings.ResultType is Number or Currency or Percent)
        {
            var numbers = present.Select(v => v.GetValue<decimal>()).ToList();
            return settings.Function switch
            {
                "sum" => JsonValue.Create(FieldValueParser.WithoutTrailingZeros(numbers.Sum())),
                _ when numbers.Count == 0 => null,
                "min" => JsonValue.Create(numbers.Min()),
                _ => JsonValue.Create(numbers.Max()),
            };
        }

        // Dates and date-times: compared as instants, the stored text of the winner is kept.
        var dated = present.Select(v => (Node: v, At: DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture))).ToList();
        if (dated.Count == 0)
        {
            return null;
        }

        var pick = settings.Function == "min" ? dated.MinBy(d => d.At) : dated.MaxBy(d => d.At);
        return pick.Node.DeepClone();
    }
}
