using System.Globalization;
using Saas.Platform.Expressions;
using Saas.Platform.Records;

namespace Saas.Platform.Querying;

/// <summary>Literals of a filter in the form the index holds them: texts lower-cased, dates as UTC instants.</summary>
internal static class FilterValues
{
    public static object? Normalize(QueryField field, object? literal)
    {
        if (literal is null)
        {
            return null;
        }

        return field.Type switch
        {
            ExpressionType.Text => Text(literal),
            ExpressionType.Number => Convert.ToDecimal(literal, CultureInfo.InvariantCulture),
            ExpressionType.Date or ExpressionType.DateTime => Instant(literal),
            ExpressionType.Boolean => (bool)literal,
            ExpressionType.Id => literal is Guid id ? id : Guid.TryParse(literal as string, out var parsed) ? parsed
                : throw new QueryRefusedException(QueryOptionNames.Filter, $"'{field.ApiName}' holds ids; compare it with a GUID such as 0195f3a2-0000-7000-8000-000000000000"),
            _ => throw new QueryRefusedException(QueryOptionNames.Filter, $"'{field.ApiName}' cannot be compared"),
        };
    }

    /// <summary>The CLR type a normalized value of <paramref name="field"/> has in the column it is compared with.</summary>
    public static Type TypeOf(QueryField field) => field.Type switch
    {
        ExpressionType.Text => typeof(string),
        ExpressionType.Number => typeof(decimal?),
        ExpressionType.Date or ExpressionType.DateTime => field.IsSystem ? typeof(DateTimeOffset) : typeof(DateTimeOffset?),
        ExpressionType.Boolean => typeof(bool?),
        _ => field.IsSystem && field.ApiName == "id" ? typeof(Guid) : typeof(Guid?),
    };

    public static DateTimeOffset Instant(object literal) => literal switch
    {
        DateOnly date => new DateTimeOffset(date, TimeOnly.MinValue, TimeSpan.Zero),
        DateTimeOffset instant => instant.ToUniversalTime(),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => throw new QueryRefusedException(QueryOptionNames.Filter, $"'{literal}' is not a date"),
    };

    private static string Text(object literal)
    {
        var text = Convert.ToString(literal, CultureInfo.InvariantCulture)!.ToLowerInvariant();
        return text.Length <= RecordValue.TextLength
            ? text
            : throw new QueryRefusedException(QueryOptionNames.Filter, $"A text in a filter may have at most {RecordValue.TextLength} characters: the index keeps that many");
    }
}
