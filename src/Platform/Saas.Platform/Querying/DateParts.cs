using System.Linq.Expressions;
using Binary = Saas.Platform.Expressions.BinaryOperator;
using ExpressionType = Saas.Platform.Expressions.ExpressionType;

namespace Saas.Platform.Querying;

/// <summary>
/// Date functions of <c>$filter</c> on the index, all in UTC: <c>year(date) op N</c> as a range on the date;
/// <c>month()</c> and <c>day()</c> on the month and day each date row carries (see <c>RecordIndex.MonthKey</c>).
/// </summary>
internal static class DateParts
{
    public static Expression Year(FilterTranslator filter, QueryField field, Binary op, object? literal)
    {
        if (field.Type is not (ExpressionType.Date or ExpressionType.DateTime))
        {
            throw new QueryRefusedException(QueryOptionNames.Filter, $"year() takes a date or dateTime field, and '{field.ApiName}' is neither");
        }

        if (literal is not decimal year || year != decimal.Truncate(year) || year < 1 || year > 9998)
        {
            throw new QueryRefusedException(QueryOptionNames.Filter, "year() is compared with a whole year between 1 and 9998, such as year(closeDate) eq 2026");
        }

        var start = new DateTimeOffset((int)year, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddYears(1);
        return op switch
        {
            Binary.Equal => Expression.AndAlso(filter.Compared(field, Binary.GreaterThanOrEqual, start), filter.Compared(field, Binary.LessThan, end)),
            Binary.NotEqual => Expression.Not(Expression.AndAlso(filter.Compared(field, Binary.GreaterThanOrEqual, start), filter.Compared(field, Binary.LessThan, end))),
            Binary.GreaterThan => filter.Compared(field, Binary.GreaterThanOrEqual, end),
            Binary.GreaterThanOrEqual => filter.Compared(field, Binary.GreaterThanOrEqual, start),
            Binary.LessThan => filter.Compared(field, Binary.LessThan, start),
            _ => filter.Compared(field, Binary.LessThan, end),
        };
    }

    public static Expression MonthOrDay(RecordAccess access, QueryField field, string function, Binary op, object? literal)
    {
        if (field.IsSystem || field.Type is not (ExpressionType.Date or ExpressionType.DateTime))
        {
            throw new QueryRefusedException(QueryOptionNames.Filter, field.IsSystem
                ? $"{function}() works on the entity's indexed date and dateTime fields; for '{field.ApiName}' use a range, such as {field.ApiName} ge 2026-03-01T00:00:00Z"
                : $"{function}() takes a date or dateTime field, and '{field.ApiName}' is neither");
        }

        field.EnsureQueryable(QueryOptionNames.Filter, "filter");
        var max = function == "month" ? 12 : 31;
        if (literal is not decimal number || number != decimal.Truncate(number) || number < 1 || number > max)
        {
            throw new QueryRefusedException(QueryOptionNames.Filter, $"{function}() is compared with a whole number between 1 and {max}, such as {function}(closeDate) eq 3");
        }

        // Months are two-digit texts, so text order is month order; days are numbers.
        var (column, value) = function == "month"
            ? (nameof(Records.RecordValue.TextValue), (object)((int)number).ToString("00", System.Globalization.CultureInfo.InvariantCulture))
            : (nameof(Records.RecordValue.NumberValue), number);
        var test = op == Binary.NotEqual ? Binary.Equal : op;
        var match = access.HasValue(field, column, c => FilterTranslator.Operate(field, c, test, value));
        return op == Binary.NotEqual ? Expression.Not(match) : match;
    }
}
