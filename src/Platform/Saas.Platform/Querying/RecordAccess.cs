using System.Linq.Expressions;
using Saas.Platform.Records;

namespace Saas.Platform.Querying;

/// <summary>
/// Builds the LINQ pieces a query is made of, over one record parameter: a system column of the record, a field's slot
/// column of the record, or else the correlated subqueries on the index table (does the record have a value matching a
/// condition; its value to sort by). Values become SQL parameters, never SQL text.
/// </summary>
internal sealed class RecordAccess(IQueryable<RecordValue> values)
{
    public ParameterExpression Record { get; } = Expression.Parameter(typeof(StoredRecord), "r");

    public IQueryable<RecordValue> Values => values;

    public Expression Column(QueryField field) => Expression.Property(Record, field.RecordColumn!);

    /// <summary>The field's slot column of the record; only for a field that has one.</summary>
    public Expression SlotColumn(QueryField field) => Expression.Property(Record, field.Slot!);

    /// <summary>
    /// <c>r.slot IS NOT NULL AND condition(r.slot)</c> for a field with a slot, else
    /// <c>values.Any(v => v.RecordId == r.Id &amp;&amp; v.FieldId == field &amp;&amp; condition(v.column))</c>.
    /// </summary>
    public Expression HasValue(QueryField field, Func<Expression, Expression>? condition = null)
    {
        if (field.Slot is not null)
        {
            var slot = SlotColumn(field);
            return condition is null ? Filled(slot) : Expression.AndAlso(Filled(slot), condition(slot));
        }

        var value = Expression.Parameter(typeof(RecordValue), "v");
        var body = RowsOf(field, value);
        if (condition is not null)
        {
            var column = Expression.Property(value, ColumnName(field));
            body = Expression.AndAlso(body, Expression.AndAlso(Filled(column), condition(column)));
        }

        return Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(RecordValue)], values.Expression, Expression.Quote(Expression.Lambda(body, value)));
    }

    /// <summary>Like <see cref="HasValue(QueryField, Func{Expression, Expression}?)"/> on another column of the field's rows (the date parts of a date).</summary>
    public Expression HasValue(QueryField field, string column, Func<Expression, Expression> condition)
    {
        var value = Expression.Parameter(typeof(RecordValue), "v");
        var filled = Expression.Property(value, column);
        var body = Expression.AndAlso(RowsOf(field, value), Expression.AndAlso(Filled(filled), condition(filled)));
        return Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(RecordValue)], values.Expression, Expression.Quote(Expression.Lambda(body, value)));
    }

    /// <summary>The record's value in its slot or the index, null when it has none; booleans sort as 0 and 1.</summary>
    public Expression SortValue(QueryField field)
    {
        if (field.Slot is not null)
        {
            return SlotColumn(field);
        }

        var value = Expression.Parameter(typeof(RecordValue), "v");
        var rows = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(RecordValue)], values.Expression, Expression.Quote(Expression.Lambda(RowsOf(field, value), value)));
        Expression column = Expression.Property(value, ColumnName(field));
        if (field.Column == IndexColumn.Boolean)
        {
            column = Expression.Condition(Expression.Equal(column, Expression.Constant(true, typeof(bool?))), Expression.Constant(1, typeof(int?)), Expression.Constant(0, typeof(int?)));
        }

        var selected = Expression.Call(typeof(Queryable), nameof(Queryable.Select), [typeof(RecordValue), column.Type], rows, Expression.Quote(Expression.Lambda(column, value)));
        return Expression.Call(typeof(Queryable), nameof(Queryable.FirstOrDefault), [column.Type], selected);
    }

    /// <summary>
    /// <c>column IS NOT NULL</c>: always true of the column a field's rows fill, and what lets the database use that
    /// column's partial index (see <see cref="RecordValueConfiguration"/>).
    /// </summary>
    public static Expression Filled(Expression column) => Expression.NotEqual(column, Expression.Constant(null, column.Type));

    /// <summary>A value as a query parameter of type <paramref name="type"/>: EF Core parameterizes a member of a constant.</summary>
    public static Expression Parameter(object? value, Type type)
    {
        var box = Activator.CreateInstance(typeof(Box<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(box), nameof(Box<int>.Value));
    }

    public static Type ColumnType(IndexColumn column) => column switch
    {
        IndexColumn.Text => typeof(string),
        IndexColumn.Number => typeof(decimal?),
        IndexColumn.Date => typeof(DateTimeOffset?),
        IndexColumn.Boolean => typeof(bool?),
        _ => typeof(Guid?),
    };

    private BinaryExpression RowsOf(QueryField field, ParameterExpression value) =>
        Expression.AndAlso(
            Expression.Equal(Expression.Property(value, nameof(RecordValue.RecordId)), Expression.Property(Record, nameof(StoredRecord.Id))),
            Expression.Equal(Expression.Property(value, nameof(RecordValue.FieldId)), Parameter(field.Field!.Id, typeof(Guid))));

    public static string ColumnName(QueryField field) => field.Column switch
    {
        IndexColumn.Text => nameof(RecordValue.TextValue),
        IndexColumn.Number => nameof(RecordValue.NumberValue),
        IndexColumn.Date => nameof(RecordValue.DateValue),
        IndexColumn.Boolean => nameof(RecordValue.BoolValue),
        _ => nameof(RecordValue.GuidValue),
    };

    private sealed class Box<T>(T value)
    {
        public T Value { get; } = value;
    }
}
