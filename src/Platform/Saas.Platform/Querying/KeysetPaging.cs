using System.Linq.Expressions;
using System.Reflection;
using Saas.Platform.Records;
using static System.Linq.Expressions.Expression;

namespace Saas.Platform.Querying;

/// <summary>Where a page ended: the sort values of its last record and that record's id.</summary>
internal sealed record PagePosition(IReadOnlyList<object?> Values, Guid Id);

/// <summary>
/// Orders by the requested keys, then by record id so the order is total (see <see cref="IdsDescending"/>), and continues after a position instead of
/// skipping a count: a record inserted or deleted before the position moves no other record across a page boundary.
/// Records without a value come first in ascending order and last in descending order, on every database (PostgreSQL's
/// own default is the opposite). The id comparison is the database's own GUID order, in ORDER BY and in WHERE alike:
/// SQL Server orders uniqueidentifiers by their last bytes, which is not creation order, but any fixed total order
/// keeps pages from overlapping; creation order itself comes from sorting by createdAt, the default first key.
/// </summary>
internal sealed class KeysetPaging(RecordAccess access, IReadOnlyList<SortKey> keys)
{
    /// <summary>With one key, equal values are ordered by id in its direction, so an index can yield the whole order; else by id ascending.</summary>
    public static bool IdsDescending(IReadOnlyList<SortKey> keys) => keys is [{ Descending: true }];

    private static readonly MethodInfo CompareStrings = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;
    private static readonly MethodInfo CompareIds = typeof(Guid).GetMethod(nameof(Guid.CompareTo), [typeof(Guid)])!;

    public IQueryable<StoredRecord> Order(IQueryable<StoredRecord> records)
    {
        var first = true;
        foreach (var key in keys)
        {
            if (IsNullable(key.Value.Type))
            {
                // Ascending puts "no value" (true) first by sorting the flag descending, and the other way round.
                records = Sort(records, Equal(key.Value, Constant(null, key.Value.Type)), !key.Descending, first);
                first = false;
            }

            records = Sort(records, key.Value, key.Descending, first);
            first = false;
        }

        return Sort(records, access.Column(QueryField.System[0]), IdsDescending(keys), first: false);
    }

    /// <summary>Records strictly after <paramref name="position"/> in this order.</summary>
    public Expression<Func<StoredRecord, bool>> After(PagePosition position)
    {
        Expression? tiesSoFar = null;
        Expression? after = null;
        for (var i = 0; i < keys.Count; i++)
        {
            var beyond = Beyond(keys[i], position.Values[i]);
            after = Or(after, tiesSoFar is null ? beyond : AndAlso(tiesSoFar, beyond));
            var tie = Tie(keys[i], position.Values[i]);
            tiesSoFar = tiesSoFar is null ? tie : AndAlso(tiesSoFar, tie);
        }

        var laterId = Beyond(access.Column(QueryField.System[0]), position.Id, IdsDescending(keys));
        after = Or(after, tiesSoFar is null ? laterId : AndAlso(tiesSoFar, laterId));
        return Lambda<Func<StoredRecord, bool>>(after!, access.Record);
    }

    private static Expression Beyond(SortKey key, object? last)
    {
        var isNull = IsNullable(key.Value.Type) ? Equal(key.Value, Constant(null, key.Value.Type)) : (Expression)Constant(false);
        if (last is null)
        {
            return key.Descending ? Constant(false) : Not(isNull);
        }

        var beyond = Beyond(key.Value, last, key.Descending);
        return key.Descending ? OrElse(beyond, isNull) : beyond;
    }

    /// <summary>
    /// <paramref name="value"/> strictly after <paramref name="last"/> (a query parameter) in the given direction; texts
    /// and ids compare with the database's own order (<c>string.Compare</c>, <c>Guid.CompareTo</c> in SQL).
    /// </summary>
    internal static Expression Beyond(Expression value, object last, bool descending)
    {
        var parameter = RecordAccess.Parameter(last, value.Type);
        var (left, right) = value.Type == typeof(string) ? (Call(CompareStrings, value, parameter), (Expression)Constant(0))
            : value.Type == typeof(Guid) ? (Call(value, CompareIds, parameter), Constant(0))
            : (value, parameter);
        return descending ? LessThan(left, right) : GreaterThan(left, right);
    }

    /// <summary>Orders <paramref name="source"/> by <paramref name="key"/>, first or then, either way.</summary>
    internal static IQueryable<T> Sort<T>(IQueryable<T> source, LambdaExpression key, bool descending, bool first)
    {
        var method = (first ? "OrderBy" : "ThenBy") + (descending ? "Descending" : string.Empty);
        return source.Provider.CreateQuery<T>(Call(typeof(Queryable), method, [typeof(T), key.ReturnType], source.Expression, Quote(key)));
    }

    private static BinaryExpression Tie(SortKey key, object? last) =>
        last is null ? Equal(key.Value, Constant(null, key.Value.Type)) : Equal(key.Value, RecordAccess.Parameter(last, key.Value.Type));

    private static Expression Or(Expression? left, Expression right) => left is null ? right : OrElse(left, right);

    private static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;

    private IQueryable<StoredRecord> Sort(IQueryable<StoredRecord> records, Expression value, bool descending, bool first) =>
        Sort(records, Lambda(value, access.Record), descending, first);
}
