using System.Globalization;
using System.Text.Json;

namespace Saas.Platform.Expressions;

/// <summary>Values in the language's representation (decimal, string, bool, DateOnly, DateTimeOffset, Guid): reading them, converting and comparing.</summary>
internal static class ExpressionValues
{
    /// <summary>A record's value for a field of <paramref name="type"/>, in the language's representation.</summary>
    public static ExpressionResult Read(object? raw, ExpressionType type, string field)
    {
        var value = raw is JsonElement json ? FromJson(json) : raw;
        var read = (type, value) switch
        {
            (_, null) => (true, null),
            (ExpressionType.Number, int or long or short or byte or decimal or double or float) => Try(() => System.Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
            (ExpressionType.Text, string) or (ExpressionType.Boolean, bool) or (ExpressionType.Date, DateOnly) or (ExpressionType.DateTime, DateTimeOffset) or (ExpressionType.Id, Guid) => (true, value),
            (ExpressionType.Date, DateTime d) => (true, DateOnly.FromDateTime(d)),
            (ExpressionType.DateTime, DateTime d) => (true, new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc))),
            (_, string text) when type != ExpressionType.Text => Parse(text, type),
            _ => (false, null),
        };
        return read.Item1 ? new ExpressionResult(read.Item2, null) : ExpressionResult.Failed($"The value of '{field}' is not a {Describe(type)}");
    }

    public static ExpressionResult Convert(object? value, ExpressionType target)
    {
        if (value is null)
        {
            return new ExpressionResult(null, null);
        }

        return (value, target) switch
        {
            (_, ExpressionType.Text) => new(ToText(value), null),
            (DateOnly d, ExpressionType.DateTime) => new(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), null),
            (DateTimeOffset t, ExpressionType.Date) => new(DateOnly.FromDateTime(t.DateTime), null),
            (string text, _) when Parse(text, target) is (true, var parsed) => new(parsed, null),
            _ when Describe(value) == Describe(target) => new(value, null),
            _ => ExpressionResult.Failed($"'{ToText(value)}' cannot be converted to a {Describe(target)}"),
        };
    }

    public static int Compare(object left, object right) => (left, right) switch
    {
        (decimal a, decimal b) => a.CompareTo(b),
        (string a, string b) => string.CompareOrdinal(a, b),
        (bool a, bool b) => a.CompareTo(b),
        (DateOnly a, DateOnly b) => a.CompareTo(b),
        (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
        (Guid a, Guid b) => a.CompareTo(b),
        _ => throw new ExpressionEvaluationException($"A {Describe(left)} cannot be compared with a {Describe(right)}"),
    };

    public static string Describe(ExpressionType type) => type switch
    {
        ExpressionType.Text => "text",
        ExpressionType.Number => "number",
        ExpressionType.Boolean => "boolean (true or false)",
        ExpressionType.Date => "date",
        ExpressionType.DateTime => "date-time",
        ExpressionType.Id => "record id",
        _ => "null",
    };

    private static string Describe(object value) => value switch
    {
        decimal => Describe(ExpressionType.Number),
        string => Describe(ExpressionType.Text),
        bool => Describe(ExpressionType.Boolean),
        DateOnly => Describe(ExpressionType.Date),
        DateTimeOffset => Describe(ExpressionType.DateTime),
        Guid => Describe(ExpressionType.Id),
        _ => value.GetType().Name,
    };

    private static string ToText(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static (bool, object?) Parse(string text, ExpressionType type) => type switch
    {
        ExpressionType.Number when decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => (true, n),
        ExpressionType.Boolean when bool.TryParse(text, out var b) => (true, b),
        ExpressionType.Date when DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) => (true, d),
        ExpressionType.DateTime when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => (true, t),
        ExpressionType.Id when Guid.TryParse(text, out var g) => (true, g),
        _ => (false, null),
    };

    private static (bool, object?) Try(Func<object> read)
    {
        try
        {
            return (true, read());
        }
        catch (OverflowException)
        {
            return (false, null);
        }
    }

    private static object? FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => json.GetString(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when json.TryGetDecimal(out var number) => number,
        _ => json,
    };
}

/// <summary>Stops an evaluation that cannot give a value, such as a division by zero; evaluation answers it as an error.</summary>
internal sealed class ExpressionEvaluationException(string reason) : Exception(reason);
