using System.Linq.Expressions;
using Binary = Saas.Platform.Expressions.BinaryOperator;
using ExpressionType = Saas.Platform.Expressions.ExpressionType;

namespace Saas.Platform.Querying;

/// <summary><c>year(date) op N</c> as a range on the date, so it uses the index: years are UTC years.</summary>
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
}
