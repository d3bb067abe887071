using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Records;
using static System.Linq.Expressions.Expression;

namespace Saas.Platform.Querying;

/// <summary>
/// A page sorted by one indexed text, number or date field, read in the order of that field's rows in the index
/// table: the database walks its index of the field and stops at the end of the page, instead of computing every
/// matching record's sort value and sorting them all, which is what a large tenant cannot afford. Each such field has
/// at most one row per record, and none when the record has no value; those records come first in ascending order
/// and last in descending order (as <see cref="KeysetPaging"/> orders them), read by id in a second query when the
/// valued ones do not fill the page. Same order, same pages and same continuation positions as the general path.
/// </summary>
internal static class IndexOrderedPage
{
    private static readonly MethodInfo CompareStrings = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo CompareIds = typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!;

    public static bool Serves(IReadOnlyList<SortKey> keys) =>
        keys is [{ Field: { IsSystem: false, Column: IndexColumn.Text or IndexColumn.Number or IndexColumn.Date } }];

    /// <summary>Up to <paramref name="take"/> records of <paramref name="records"/> after <paramref name="after"/> (from the start when null).</summary>
    public static async Task<List<RecordRow>> ReadAsync(
        IQueryable<RecordValue> values, IQueryable<StoredRecord> records, SortKey key, PagePosition? after, int take,
        Expression<Func<StoredRecord, RecordRow>> projection, CancellationToken cancellationToken)
    {
        var afterNull = after is { Values: [null] };
        var rows = new List<RecordRow>();
        if (!key.Descending && (after is null || afterNull))
        {
            rows.AddRange(await WithoutValue(values, records, key, afterNull ? after!.Id : null).Select(projection).Take(take).ToListAsync(cancellationToken));
        }

        if (rows.Count < take && !(key.Descending && afterNull))
        {
            var valuedAfter = after is { Values: [not null] } ? after : null;
            rows.AddRange(await WithValue(values, records, key, valuedAfter).Select(projection).Take(take - rows.Count).ToListAsync(cancellationToken));
        }

        if (rows.Count < take && key.Descending)
        {
            rows.AddRange(await WithoutValue(values, records, key, afterNull ? after!.Id : null).Select(projection).Take(take - rows.Count).ToListAsync(cancellationToken));
        }

        return rows;
    }

    /// <summary>The records with a value, in the order of the field's index rows (then by id), after the position.</summary>
    private static IQueryable<StoredRecord> WithValue(IQueryable<RecordValue> values, IQueryable<StoredRecord> records, SortKey key, PagePosition? after)
    {
        var fieldId = key.Field.Field!.Id;
        var pairs = values.Where(v => v.FieldId == fieldId).Join(records, v => v.RecordId, r => r.Id, (v, r) => new ValuedRecord { Value = v, Record = r });
        var pair = Parameter(typeof(ValuedRecord), "p");
        var value = Property(pair, nameof(ValuedRecord.Value));
        var column = Property(value, RecordAccess.ColumnName(key.Field));
        var recordId = Property(value, nameof(RecordValue.RecordId));
        if (after is not null)
        {
            var last = RecordAccess.Parameter(after.Values[0], column.Type);
            var (left, right) = column.Type == typeof(string) ? ((Expression)Call(CompareStrings, column, last), (Expression)Constant(0)) : (column, last);
            var beyond = key.Descending ? LessThan(left, right) : GreaterThan(left, right);
            var laterId = GreaterThan(Call(recordId, CompareIds, RecordAccess.Parameter(after.Id, typeof(Guid))), Constant(0));
            pairs = pairs.Where(Lambda<Func<ValuedRecord, bool>>(OrElse(beyond, AndAlso(Equal(column, last), laterId)), pair));
        }

        var ordered = Sort(pairs, Lambda(column, pair), key.Descending, first: true);
        return Sort(ordered, Lambda(recordId, pair), descending: false, first: false).Select(p => p.Record);
    }

    /// <summary>The records without a value for the field, by id, after <paramref name="afterId"/>.</summary>
    private static IQueryable<StoredRecord> WithoutValue(IQueryable<RecordValue> values, IQueryable<StoredRecord> records, SortKey key, Guid? afterId)
    {
        var fieldId = key.Field.Field!.Id;
        var without = records.Where(r => !values.Any(v => v.RecordId == r.Id && v.FieldId == fieldId));
        if (afterId is { } id)
        {
            without = without.Where(r => r.Id.CompareTo(id) > 0);
        }

        return without.OrderBy(r => r.Id);
    }

    private static IOrderedQueryable<ValuedRecord> Sort(IQueryable<ValuedRecord> pairs, LambdaExpression key, bool descending, bool first)
    {
        var method = (first, descending) switch
        {
            (true, false) => nameof(Queryable.OrderBy),
            (true, true) => nameof(Queryable.OrderByDescending),
            (false, false) => nameof(Queryable.ThenBy),
            (false, true) => nameof(Queryable.ThenByDescending),
        };
        return (IOrderedQueryable<ValuedRecord>)pairs.Provider.CreateQuery<ValuedRecord>(
            Call(typeof(Queryable), method, [typeof(ValuedRecord), key.ReturnType], pairs.Expression, Quote(key)));
    }
}
/// <summary>An index row of the sort field with its record.</summary>
internal sealed class ValuedRecord
{
    public required RecordValue Value { get; init; }

    public required StoredRecord Record { get; init; }
}
