using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Records;
using static System.Linq.Expressions.Expression;

namespace Saas.Platform.Querying;

/// <summary>
/// A page sorted by one indexed text, number or date field. With a slot column (see <c>IndexSlots</c>), one query reads
/// the records in the order of the slot's index, checking the filter on each record's row. Without one, the page is
/// read by walking the field's rows in the index table in order: a window of record ids at a time (an index range
/// scan), then the records among them that pass the filter (primary-key lookups), until the page is full. Sorting every matching record is what a large tenant cannot afford,
/// and a query planner that misjudges how many records a filter keeps (PostgreSQL does, for values of one field among
/// many in one table) may choose to; the walk cannot. A filter that keeps few records would make the walk long, so
/// after <see cref="MaxWalk"/> rows the page is left to the general path, which the database then serves from the
/// filter. Records without a value come first ascending and last descending, read by id.
/// The order is exactly <see cref="KeysetPaging"/>'s, so pages and continuation positions mix freely.
/// </summary>
internal static class IndexOrderedPage
{
    /// <summary>Index rows walked for one page before the general path takes over.</summary>
    public const int MaxWalk = 5_000;

    private const int MaxWindow = 2_000;

    public static bool Serves(IReadOnlyList<SortKey> keys) =>
        keys is [{ Field: { IsSystem: false, Column: IndexColumn.Text or IndexColumn.Number or IndexColumn.Date } }];

    /// <summary>
    /// Up to <paramref name="take"/> records of <paramref name="records"/> after <paramref name="after"/> (from the start
    /// when null); null when the walk gave up and the general path should read the page. <paramref name="filtered"/>
    /// says the records are filtered (a $filter or a read scope), so that many index rows may be passed over.
    /// </summary>
    public static async Task<List<RecordRow>?> ReadAsync(
        RecordAccess access, IQueryable<StoredRecord> records, bool filtered, SortKey key, PagePosition? after, int take,
        Expression<Func<StoredRecord, RecordRow>> projection, CancellationToken cancellationToken)
    {
        var afterNull = after is { Values: [null] };
        var rows = new List<RecordRow>();
        if (!key.Descending && (after is null || afterNull))
        {
            rows.AddRange(await WithoutValue(access, records, key, afterNull ? after!.Id : null).Select(projection).Take(take).ToListAsync(cancellationToken));
        }

        if (rows.Count < take && !(key.Descending && afterNull))
        {
            var position = after is { Values: [not null] } ? (after.Values[0], after.Id) : ((object?, Guid)?)null;
            if (key.Field.Slot is not null)
            {
                rows.AddRange(await WithValue(access, records, key, position).Select(projection).Take(take - rows.Count).ToListAsync(cancellationToken));
            }
            else if (!await WalkAsync(access.Values, records, filtered, key, position, take, rows, projection, cancellationToken))
            {
                return null;
            }
        }

        if (rows.Count < take && key.Descending)
        {
            rows.AddRange(await WithoutValue(access, records, key, afterNull ? after!.Id : null).Select(projection).Take(take - rows.Count).ToListAsync(cancellationToken));
        }

        return rows;
    }

    /// <summary>Walks the field's index rows after the position, adding the records that pass the filter; false when it gave up.</summary>
    private static async Task<bool> WalkAsync(
        IQueryable<RecordValue> values, IQueryable<StoredRecord> records, bool filtered, SortKey key, (object? Value, Guid Id)? position, int take,
        List<RecordRow> rows, Expression<Func<StoredRecord, RecordRow>> projection, CancellationToken cancellationToken)
    {
        var walked = 0;
        // Each window costs two round trips: a filter that keeps a few percent needs a long walk, so start wide and widen fast.
        var window = filtered ? 8 * take : 2 * take;
        while (rows.Count < take)
        {
            if (walked >= MaxWalk)
            {
                return false;
            }

            var ids = await Window(values, key, position, window).ToListAsync(cancellationToken);
            walked += ids.Count;
            if (ids.Count > 0)
            {
                var recordIds = ids.Select(i => i.RecordId).ToList();
                var found = (await records.Where(r => recordIds.Contains(r.Id)).Select(projection).ToListAsync(cancellationToken)).ToDictionary(r => r.Id);
                rows.AddRange(recordIds.Where(found.ContainsKey).Select(id => found[id]).Take(take - rows.Count));
                position = (ids[^1].Value, ids[^1].RecordId);
            }

            if (ids.Count < window)
            {
                break;
            }

            window = Math.Min(4 * window, MaxWindow);
        }

        return true;
    }

    /// <summary>
    /// The records with a value in the field's slot after the position, in the order: value, then record id, both in
    /// the key's direction. One query, which the slot's index serves in that order while the filter is checked on each
    /// record's own row, as a typed table's would be.
    /// </summary>
    private static IQueryable<StoredRecord> WithValue(RecordAccess access, IQueryable<StoredRecord> records, SortKey key, (object? Value, Guid Id)? after) =>
        InOrder(records, access.Record, access.SlotColumn(key.Field), access.Column(QueryField.System[0]), after, key.Descending);

    /// <summary>The next <paramref name="size"/> index rows of the field after the position, in the order: value, then record id, both in the key's direction.</summary>
    private static IQueryable<IndexEntry> Window(IQueryable<RecordValue> values, SortKey key, (object? Value, Guid Id)? after, int size)
    {
        var fieldId = key.Field.Field!.Id;
        var row = Parameter(typeof(RecordValue), "v");
        var column = Property(row, RecordAccess.ColumnName(key.Field));
        var recordId = Property(row, nameof(RecordValue.RecordId));
        var entry = Lambda<Func<RecordValue, IndexEntry>>(
            MemberInit(New(typeof(IndexEntry)),
                Bind(typeof(IndexEntry).GetProperty(nameof(IndexEntry.RecordId))!, recordId),
                Bind(typeof(IndexEntry).GetProperty(nameof(IndexEntry.Value))!, Convert(column, typeof(object)))),
            row);
        return InOrder(values.Where(v => v.FieldId == fieldId), row, column, recordId, after, key.Descending).Select(entry).Take(size);
    }

    /// <summary>
    /// The rows of <paramref name="source"/> with a <paramref name="value"/> (over <paramref name="row"/>), after the
    /// position, ordered by it and then by <paramref name="id"/>, both in the one direction.
    /// </summary>
    private static IQueryable<T> InOrder<T>(IQueryable<T> source, ParameterExpression row, Expression value, Expression id, (object? Value, Guid Id)? after, bool descending)
    {
        var rows = source.Where(Lambda<Func<T, bool>>(RecordAccess.Filled(value), row));
        if (after is { } position)
        {
            var beyond = KeysetPaging.Beyond(value, position.Value!, descending);
            var tie = Equal(value, RecordAccess.Parameter(position.Value, value.Type));
            var laterId = KeysetPaging.Beyond(id, position.Id, descending);
            rows = rows.Where(Lambda<Func<T, bool>>(OrElse(beyond, AndAlso(tie, laterId)), row));
        }

        return KeysetPaging.Sort(KeysetPaging.Sort(rows, Lambda(value, row), descending, first: true), Lambda(id, row), descending, first: false);
    }

    /// <summary>The records without a value for the field, by id in the key's direction, after <paramref name="afterId"/>.</summary>
    private static IQueryable<StoredRecord> WithoutValue(RecordAccess access, IQueryable<StoredRecord> records, SortKey key, Guid? afterId)
    {
        var without = records.Where(Lambda<Func<StoredRecord, bool>>(Not(access.HasValue(key.Field)), access.Record));
        if (afterId is { } id)
        {
            without = key.Descending ? without.Where(r => r.Id.CompareTo(id) < 0) : without.Where(r => r.Id.CompareTo(id) > 0);
        }

        return key.Descending ? without.OrderByDescending(r => r.Id) : without.OrderBy(r => r.Id);
    }
}

/// <summary>One row of a walk over a field's index rows: the record and its value.</summary>
internal sealed class IndexEntry
{
    public Guid RecordId { get; init; }

    public object? Value { get; init; }
}
