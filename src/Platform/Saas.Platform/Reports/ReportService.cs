using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Querying;
using Saas.Platform.Records;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;
using ExpressionType = Saas.Platform.Expressions.ExpressionType;

namespace Saas.Platform.Reports;

/// <summary>
/// Summaries of an entity's records in SQL, as the caller may see them: the same filter language and the same index as
/// list queries, so a report groups and aggregates only indexed fields, and sees only records and fields the caller
/// may read. Picklists, booleans, lookups and owners group in one <c>GROUP BY</c>; dates group by period, one range
/// query on the index per period.
/// </summary>
internal sealed class ReportService(
    TenantDbContext db, IMetadataService metadata, IExpressionCompiler compiler, CallerAccess access, MemberService members, ITenantAccessor tenants)
{
    /// <summary>Groups beyond these (the largest first) are left out, and the answer says so.</summary>
    public const int MaxGroups = 100;

    /// <summary>A date grouping spans at most this many periods; a longer span asks for a narrower filter or a longer period.</summary>
    public const int MaxPeriods = 120;

    public async Task<ReportOutcome> RunAsync(string entityName, ReportRequest request, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return new ReportOutcome(null, null, EntityNotFound: true);
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (permission.Read == RecordScope.None)
        {
            return new ReportOutcome(null, null, false, $"You may not read {entity.ApiName} records.");
        }

        try
        {
            var readable = await access.FilterAsync(access.Effective(permission.Read, reading: true), cancellationToken);
            return new ReportOutcome(await ReportAsync(snapshot, permission, readable, request, cancellationToken), null, false);
        }
        catch (QueryRefusedException ex)
        {
            return new ReportOutcome(null, new Dictionary<string, string[]> { [ex.Option] = [ex.Message] }, false);
        }
    }

    /// <summary>
    /// The problems of <paramref name="request"/> over <paramref name="entity"/> as its metadata stands, keyed by parameter
    /// (<c>aggregate</c>, <c>field</c>, <c>groupBy</c>, <c>interval</c>, <c>filter</c>), without reading a record: the rules
    /// <see cref="RunAsync"/> applies, for what stores a report to run later (a pack's dashboard). Empty when it would run.
    /// </summary>
    public static Dictionary<string, string[]> Check(IExpressionCompiler compiler, EntityDefinition entity, ReportRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (fields, _) = QueryField.Of(entity);
        void Try(Action check)
        {
            try
            {
                check();
            }
            catch (QueryRefusedException ex)
            {
                errors.TryAdd(ex.Option, [ex.Message]);
            }
        }

        Try(() => AggregateOf(request, fields));
        QueryField? group = null;
        Try(() => group = request.GroupBy is { } groupBy ? GroupFieldOf(groupBy, fields) : null);
        if (request.GroupBy is null || group is not null)
        {
            Try(() => IntervalOf(request, group));
        }

        foreach (var (key, messages) in QueryCheck.Check(compiler, entity, request.Filter, orderBy: null))
        {
            errors[key] = messages;
        }

        return errors;
    }

    private async Task<ReportAnswer> ReportAsync(
        MetadataSnapshot snapshot, EntityPermission permission, Expression<Func<StoredRecord, bool>>? readable, ReportRequest request, CancellationToken cancellationToken)
    {
        var entity = permission.Visible();
        var (fields, scope) = QueryField.Of(entity, withName: !permission.NameHidden);
        var aggregate = AggregateOf(request, fields);
        var group = request.GroupBy is { } groupBy ? GroupFieldOf(groupBy, fields) : null;
        var interval = IntervalOf(request, group);

        var records = db.Records.AsNoTracking().Where(r => r.EntityId == entity.Id && r.DeletedAt == null);
        if (readable is not null)
        {
            records = records.Where(readable);
        }

        var recordAccess = new RecordAccess(db.RecordValues);
        if (!string.IsNullOrWhiteSpace(request.Filter))
        {
            records = records.Where(RecordFilter.Translate(compiler, request.Filter, scope, recordAccess, fields));
        }

        var (count, value) = await TotalAsync(records, aggregate, cancellationToken);
        var (groups, more) = group switch
        {
            null => ([], false),
            { Type: ExpressionType.Date or ExpressionType.DateTime } => (await PeriodsAsync(records, group, interval!, aggregate, cancellationToken), false),
            _ => await GroupsAsync(snapshot, records, group, aggregate, cancellationToken),
        };

        // Records without a value are the last group, as null.
        if (group is { IsSystem: false } && !more && groups.Sum(g => g.Count) < count)
        {
            var withoutValue = Expression.Lambda<Func<StoredRecord, bool>>(Expression.Not(recordAccess.HasValue(group)), recordAccess.Record);
            var (missing, missingValue) = await TotalAsync(records.Where(withoutValue), aggregate, cancellationToken);
            groups.Add(new ReportGroup(null, null, null, missing, missingValue));
        }

        return new ReportAnswer(entity.ApiName, group?.ApiName, interval, aggregate.Name, aggregate.Field?.ApiName, groups, count, value, more);
    }

    private sealed record Aggregate(string Name, QueryField? Field);

    private static Aggregate AggregateOf(ReportRequest request, IReadOnlyDictionary<string, QueryField> fields)
    {
        var name = request.Aggregate ?? ReportAggregates.Count;
        if (!ReportAggregates.All.Contains(name))
        {
            throw new QueryRefusedException("aggregate", $"The aggregate must be one of: {string.Join(", ", ReportAggregates.All)}.");
        }

        if (name == ReportAggregates.Count)
        {
            return request.Field is null
                ? new Aggregate(name, null)
                : throw new QueryRefusedException("field", "A count takes no field; give a number field with sum, avg, min or max.");
        }

        if (request.Field is not { } apiName || !fields.TryGetValue(apiName, out var field) || field.IsSystem)
        {
            throw new QueryRefusedException("field", request.Field is null
                ? $"{name} needs the number field it aggregates."
                : $"The entity has no field '{request.Field}' you may read.");
        }

        if (field.Column != IndexColumn.Number)
        {
            throw new QueryRefusedException("field", $"'{field.ApiName}' is not a number, currency or percent field, so it cannot be aggregated with {name}.");
        }

        field.EnsureQueryable("field", "aggregate");
        return new Aggregate(name, field);
    }

    private static QueryField GroupFieldOf(string apiName, IReadOnlyDictionary<string, QueryField> fields)
    {
        if (!fields.TryGetValue(apiName, out var field))
        {
            throw new QueryRefusedException("groupBy", $"The entity has no field '{apiName}' you may read.");
        }

        var groupable = field.ApiName is "ownerId" or "createdAt" or "modifiedAt"
            || (!field.IsSystem && (field.Column is IndexColumn.Boolean or IndexColumn.Id or IndexColumn.Date
                || (field.Column == IndexColumn.Text && field.Field!.Type == FieldType.Picklist)));
        if (!groupable)
        {
            throw new QueryRefusedException("groupBy", $"Reports group by a picklist, boolean, lookup, owner or date field, and '{field.ApiName}' is none of them.");
        }

        field.EnsureQueryable("groupBy", "group a report");
        return field;
    }

    private static string? IntervalOf(ReportRequest request, QueryField? group)
    {
        if (group?.Type is not (ExpressionType.Date or ExpressionType.DateTime))
        {
            return request.Interval is null ? null : throw new QueryRefusedException("interval", "An interval applies to a grouping by a date field only.");
        }

        var interval = request.Interval ?? ReportIntervals.Month;
        return ReportIntervals.All.Contains(interval)
            ? interval
            : throw new QueryRefusedException("interval", $"The interval must be one of: {string.Join(", ", ReportIntervals.All)}.");
    }

    private async Task<(long Count, decimal? Value)> TotalAsync(IQueryable<StoredRecord> records, Aggregate aggregate, CancellationToken cancellationToken) =>
        (await records.LongCountAsync(cancellationToken),
         aggregate.Field is { } field ? await AggregateAsync(Measures(records, field), aggregate.Name, cancellationToken) : null);

    private IQueryable<decimal?> Measures(IQueryable<StoredRecord> records, QueryField field)
    {
        if (field.Slot is { } slot)
        {
            return records.Select(r => EF.Property<decimal?>(r, slot));
        }

        var ids = records.Select(r => r.Id);
        return MeasuresOf(field).Where(m => ids.Contains(m.RecordId)).Select(m => m.Value);
    }

    /// <summary>A number field's values, one per live record that has one: from its slot column, else its index rows.</summary>
    private IQueryable<Measure> MeasuresOf(QueryField field)
    {
        if (field.Slot is { } slot)
        {
            return db.Records.Where(r => r.DeletedAt == null && EF.Property<decimal?>(r, slot) != null)
                .Select(r => new Measure { RecordId = r.Id, Value = EF.Property<decimal?>(r, slot) });
        }

        var fieldId = field.Field!.Id;
        return db.RecordValues.Where(v => v.FieldId == fieldId).Select(v => new Measure { RecordId = v.RecordId, Value = v.NumberValue });
    }

    private static async Task<decimal?> AggregateAsync(IQueryable<decimal?> values, string aggregate, CancellationToken cancellationToken) => aggregate switch
    {
        ReportAggregates.Sum => await values.SumAsync(cancellationToken),
        ReportAggregates.Average => await values.AverageAsync(cancellationToken),
        ReportAggregates.Min => await values.MinAsync(cancellationToken),
        _ => await values.MaxAsync(cancellationToken),
    };

    /// <summary>Picklists, booleans, lookups and owners: one <c>GROUP BY</c> over the slot column or the index, or over the record's owner column.</summary>
    private async Task<(List<ReportGroup> Groups, bool More)> GroupsAsync(
        MetadataSnapshot snapshot, IQueryable<StoredRecord> records, QueryField group, Aggregate aggregate, CancellationToken cancellationToken)
    {
        List<ReportGroup> groups;
        bool more;
        if (group.IsSystem)
        {
            var buckets = await BucketsAsync(records.Select(r => new Keyed<Guid?> { RecordId = r.Id, Key = r.OwnerId }), aggregate, cancellationToken);
            var names = (await members.ListAsync(tenants.Tenant!.Id, cancellationToken)).ToDictionary(m => m.UserId, m => m.DisplayName);
            (groups, more) = Largest(buckets.Select(b => new ReportGroup(b.Key?.ToString(), b.Key is { } id ? names.GetValueOrDefault(id) : null, null, b.Count, b.Value)));
            return (groups, more);
        }

        var ids = records.Select(r => r.Id);
        var fieldId = group.Field!.Id;
        var rows = db.RecordValues.Where(v => v.FieldId == fieldId && ids.Contains(v.RecordId));
        switch (group.Column)
        {
            case IndexColumn.Text:
                var choices = group.Field.Settings is PicklistSettings picklist ? picklist.Values : [];
                var keyed = group.Slot is { } slot
                    ? records.Where(r => EF.Property<string?>(r, slot) != null).Select(r => new Keyed<string?> { RecordId = r.Id, Key = EF.Property<string?>(r, slot) })
                    : rows.Select(v => new Keyed<string?> { RecordId = v.RecordId, Key = v.TextValue });
                var texts = await BucketsAsync(keyed, aggregate, cancellationToken);
                groups = [.. texts
                    .Select(b => (Bucket: b, Choice: choices.FirstOrDefault(c => string.Equals(c.ApiName, b.Key, StringComparison.OrdinalIgnoreCase))))
                    .OrderBy(b => b.Choice?.Order ?? int.MaxValue)
                    .Select(b => new ReportGroup(b.Choice?.ApiName ?? b.Bucket.Key, null, b.Choice?.Label, b.Bucket.Count, b.Bucket.Value))];
                more = false;
                break;
            case IndexColumn.Boolean:
                var flags = await BucketsAsync(rows.Select(v => new Keyed<bool?> { RecordId = v.RecordId, Key = v.BoolValue }), aggregate, cancellationToken);
                groups = [.. flags.OrderByDescending(b => b.Key).Select(b => new ReportGroup(b.Key, null, null, b.Count, b.Value))];
                more = false;
                break;
            default:
                var targets = await BucketsAsync(rows.Select(v => new Keyed<Guid?> { RecordId = v.RecordId, Key = v.GuidValue }), aggregate, cancellationToken);
                var names = group.Field.Type == FieldType.Owner
                    ? (await members.ListAsync(tenants.Tenant!.Id, cancellationToken)).ToDictionary(m => m.UserId, m => (string?)m.DisplayName)
                    : await LookupNames.OfAsync(db, access, snapshot, group.Field, [.. targets.Select(b => b.Key).OfType<Guid>()], cancellationToken);
                (groups, more) = Largest(targets.Select(b => new ReportGroup(b.Key?.ToString(), b.Key is { } id ? names.GetValueOrDefault(id) : null, null, b.Count, b.Value)));
                break;
        }

        return (groups, more);
    }

    private static (List<ReportGroup> Groups, bool More) Largest(IEnumerable<ReportGroup> groups)
    {
        var ordered = groups.OrderByDescending(g => g.Count).ThenBy(g => g.Key?.ToJsonString(), StringComparer.Ordinal).ToList();
        return ordered.Count > MaxGroups ? (ordered[..MaxGroups], true) : (ordered, false);
    }

    private async Task<List<Bucket<TKey>>> BucketsAsync<TKey>(IQueryable<Keyed<TKey>> keyed, Aggregate aggregate, CancellationToken cancellationToken)
    {
        if (aggregate.Field is not { } field)
        {
            return await keyed.GroupBy(k => k.Key).Select(g => new Bucket<TKey> { Key = g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        }

        var measured =
            from k in keyed
            join m in MeasuresOf(field) on k.RecordId equals m.RecordId into ms
            from m in ms.DefaultIfEmpty()
            select new Keyed<TKey> { RecordId = k.RecordId, Key = k.Key, Value = m == null ? null : m.Value };
        var grouped = measured.GroupBy(x => x.Key);
        var buckets = aggregate.Name switch
        {
            ReportAggregates.Sum => grouped.Select(g => new Bucket<TKey> { Key = g.Key, Count = g.LongCount(), Value = g.Sum(x => x.Value) }),
            ReportAggregates.Average => grouped.Select(g => new Bucket<TKey> { Key = g.Key, Count = g.LongCount(), Value = g.Average(x => x.Value) }),
            ReportAggregates.Min => grouped.Select(g => new Bucket<TKey> { Key = g.Key, Count = g.LongCount(), Value = g.Min(x => x.Value) }),
            _ => grouped.Select(g => new Bucket<TKey> { Key = g.Key, Count = g.LongCount(), Value = g.Max(x => x.Value) }),
        };
        return await buckets.ToListAsync(cancellationToken);
    }

    /// <summary>Dates: the span of the matching records' values cut into periods, each counted (and aggregated) with a range on the index.</summary>
    private async Task<List<ReportGroup>> PeriodsAsync(
        IQueryable<StoredRecord> records, QueryField group, string interval, Aggregate aggregate, CancellationToken cancellationToken)
    {
        Expression<Func<StoredRecord, bool>> Within(DateTimeOffset start, DateTimeOffset end) => group.ApiName switch
        {
            "createdAt" when group.IsSystem => r => r.CreatedAt >= start && r.CreatedAt < end,
            "modifiedAt" when group.IsSystem => r => r.ModifiedAt >= start && r.ModifiedAt < end,
            _ => WithValueBetween(group.Field!.Id, start, end),
        };

        var (first, last) = await SpanAsync(records, group, cancellationToken);
        var groups = new List<ReportGroup>();
        if (first is not { } from || last is not { } to)
        {
            return groups;
        }

        var periods = Periods(from, to, interval).ToList();
        if (periods.Count > MaxPeriods)
        {
            throw new QueryRefusedException("interval", $"The records span {periods.Count} periods of a {interval}; a report shows at most {MaxPeriods}. Narrow the filter or take a longer interval.");
        }

        foreach (var (start, end, name) in periods)
        {
            var (count, value) = await TotalAsync(records.Where(Within(start, end)), aggregate, cancellationToken);
            groups.Add(new ReportGroup(name, name, null, count, value));
        }

        return groups;
    }

    private Expression<Func<StoredRecord, bool>> WithValueBetween(Guid fieldId, DateTimeOffset start, DateTimeOffset end) =>
        r => db.RecordValues.Any(v => v.FieldId == fieldId && v.RecordId == r.Id && v.DateValue >= start && v.DateValue < end);

    private async Task<(DateTimeOffset? First, DateTimeOffset? Last)> SpanAsync(IQueryable<StoredRecord> records, QueryField group, CancellationToken cancellationToken)
    {
        if (group.IsSystem)
        {
            var dates = group.ApiName == "createdAt" ? records.Select(r => (DateTimeOffset?)r.CreatedAt) : records.Select(r => (DateTimeOffset?)r.ModifiedAt);
            return (await dates.OrderBy(d => d).FirstOrDefaultAsync(cancellationToken), await dates.OrderByDescending(d => d).FirstOrDefaultAsync(cancellationToken));
        }

        var ids = records.Select(r => r.Id);
        var fieldId = group.Field!.Id;
        var values = db.RecordValues.Where(v => v.FieldId == fieldId && ids.Contains(v.RecordId) && v.DateValue != null).Select(v => v.DateValue);
        return (await values.OrderBy(d => d).FirstOrDefaultAsync(cancellationToken), await values.OrderByDescending(d => d).FirstOrDefaultAsync(cancellationToken));
    }

    /// <summary>The periods (in UTC) from the one holding <paramref name="from"/> to the one holding <paramref name="to"/>, named <c>2026-03</c>, <c>2026-Q1</c> or <c>2026</c>.</summary>
    internal static IEnumerable<(DateTimeOffset Start, DateTimeOffset End, string Name)> Periods(DateTimeOffset from, DateTimeOffset to, string interval)
    {
        var months = interval switch { ReportIntervals.Year => 12, ReportIntervals.Quarter => 3, _ => 1 };
        var first = from.UtcDateTime;
        var start = new DateTimeOffset(first.Year, interval == ReportIntervals.Year ? 1 : (((first.Month - 1) / months) * months) + 1, 1, 0, 0, 0, TimeSpan.Zero);
        while (start <= to)
        {
            var end = start.AddMonths(months);
            var name = interval switch
            {
                ReportIntervals.Year => start.Year.ToString(CultureInfo.InvariantCulture),
                ReportIntervals.Quarter => string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{((start.Month - 1) / 3) + 1}"),
                _ => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            };
            yield return (start, end, name);
            start = end;
        }
    }

    private sealed class Keyed<TKey>
    {
        public Guid RecordId { get; init; }

        public TKey? Key { get; init; }

        public decimal? Value { get; init; }
    }

    private sealed class Measure
    {
        public Guid RecordId { get; init; }

        public decimal? Value { get; init; }
    }

    private sealed class Bucket<TKey>
    {
        public TKey? Key { get; init; }

        public long Count { get; init; }

        public decimal? Value { get; init; }
    }
}
