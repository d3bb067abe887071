using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saas.Platform.Records;

/// <summary>
/// Moves values between a record's stored JSON form and the expression language's values (decimal, string, bool,
/// DateOnly, DateTimeOffset, Guid), for default values and formulas.
/// </summary>
internal static class ComputedValues
{
    /// <summary>Computed numbers keep as many decimals as the index table stores; more would only be noise from a division.</summary>
    public const int NumberScale = 10;

    /// <summary>The largest computed number the index table can hold: 18 digits before the point, as number fields allow.</summary>
    private static readonly decimal NumberLimit = 1_000_000_000_000_000_000m;

    /// <summary>A stored value as an expression reads it; lists (multi-picklists) are not readable and read as null.</summary>
    public static object? ToExpression(JsonNode? stored) => stored?.GetValueKind() switch
    {
        JsonValueKind.String => stored.GetValue<string>(),
        JsonValueKind.Number => stored.GetValue<decimal>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    /// <summary>The stored form of an expression's value, or null with the reason in <paramref name="error"/>.</summary>
    public static JsonNode? ToStored(object? value, out string? error)
    {
        error = null;
        switch (value)
        {
            case null:
                return null;
            case decimal number:
                var rounded = FieldValueParser.WithoutTrailingZeros(Math.Round(number, NumberScale, MidpointRounding.AwayFromZero));
                if (Math.Abs(rounded) >= NumberLimit)
                {
                    error = "the number is too large to store (more than 18 digits before the point)";
                    return null;
                }

                return JsonValue.Create(rounded);
            case string text:
                return JsonValue.Create(text);
            case bool flag:
                return JsonValue.Create(flag);
            case DateOnly date:
                return JsonValue.Create(date.ToString(FieldValueParser.DateFormat, CultureInfo.InvariantCulture));
            case DateTimeOffset at:
                return JsonValue.Create(at.ToString(FieldValueParser.DateTimeFormat, CultureInfo.InvariantCulture));
            case Guid id:
                return JsonValue.Create(id.ToString("D"));
            default:
                error = $"a {value.GetType().Name} cannot be stored";
                return null;
        }
    }
}
