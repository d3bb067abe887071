using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Checks one given value against its field's type and answers it in the form records store: texts as given, numbers
/// as JSON numbers, dates as <c>yyyy-MM-dd</c>, date-times in ISO 8601 with their offset, lookups and owners as ids.
/// Picklist membership, lookups, owners and uniqueness need the database and are checked by <see cref="RecordValidator"/>.
/// </summary>
internal static partial class FieldValueParser
{
    public const string DateFormat = "yyyy-MM-dd";
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";
    private const int EmailLength = 254;
    private const int UrlLength = 2048;

    /// <summary>The stored form of a non-null value, or null with the reason in <paramref name="error"/>.</summary>
    public static JsonNode? Parse(FieldDefinition field, JsonNode value, out string? error)
    {
        error = null;
        var parsed = field.Type switch
        {
            Text or LongText => ParseText(field, value, ref error),
            Email => Checked(value, EmailPattern().IsMatch, $"must be an email address such as name@example.com, at most {EmailLength} characters", EmailLength, ref error),
            Phone => Checked(value, PhonePattern().IsMatch, "must be a phone number: digits, spaces, ( ) - . and an optional leading +", 40, ref error),
            Url => Checked(value, IsWebAddress, "must be an absolute http or https address", UrlLength, ref error),
            Number or Currency or Percent => ParseNumber(field, value, ref error),
            Date => ParseDate(value, ref error),
            FieldType.DateTime => ParseDateTime(value, ref error),
            FieldType.Boolean => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(value.GetValue<bool>()) : Fail("must be true or false", ref error),
            Picklist => StringOf(value) is { } choice ? JsonValue.Create(choice) : Fail("must be the apiName of one of the picklist's values, as a string", ref error),
            MultiPicklist => value is JsonArray array && array.All(v => StringOf(v) is not null)
                ? new JsonArray([.. array.Select(v => (JsonNode)JsonValue.Create(StringOf(v)!))])
                : Fail("must be an array of apiNames of the picklist's values", ref error),
            Lookup or Owner => StringOf(value) is { } text && Guid.TryParse(text, out var id)
                ? JsonValue.Create(id.ToString("D"))
                : Fail(field.Type == Lookup ? "must be the id of a record, as a string" : "must be the id of a user, as a string", ref error),
            _ => Fail($"cannot be written: the type {field.Type} is not supported by records", ref error),
        };
        return error is null ? parsed : null;
    }

    /// <summary>Empty texts and empty lists count as no value, so that required means something.</summary>
    public static bool IsEmpty(JsonNode? value) =>
        value is null
        || (value.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetValue<string>()))
        || value is JsonArray { Count: 0 };

    private static JsonNode? ParseText(FieldDefinition field, JsonNode value, ref string? error)
    {
        if (StringOf(value) is not { } text)
        {
            return Fail("must be a string", ref error);
        }

        var maxLength = field.Settings is TextSettings settings ? settings.MaxLength : MetadataLimits.TextMaxLength;
        var length = text.EnumerateRunes().Count();
        return length <= maxLength ? JsonValue.Create(text) : Fail($"may be at most {maxLength} characters long, not {length}", ref error);
    }

    private static JsonNode? Checked(JsonNode value, Func<string, bool> isValid, string rule, int maxLength, ref string? error) =>
        StringOf(value)?.Trim() is { } text && text.Length <= maxLength && isValid(text) ? JsonValue.Create(text) : Fail(rule, ref error);

    private static JsonNode? ParseNumber(FieldDefinition field, JsonNode value, ref string? error)
    {
        var settings = field.Settings as NumberSettings ?? new NumberSettings(MetadataLimits.MaxPrecision, 0);
        if (value.GetValueKind() != JsonValueKind.Number || !value.AsValue().TryGetValue<decimal>(out var number))
        {
            return Fail("must be a number, such as 12.5", ref error);
        }

        var scale = WithoutTrailingZeros(number).Scale;
        var integerDigits = decimal.Truncate(Math.Abs(number)).ToString(CultureInfo.InvariantCulture).TrimStart('0').Length;
        if (scale > settings.Scale || integerDigits > settings.Precision - settings.Scale)
        {
            return Fail($"must have at most {settings.Precision - settings.Scale} digits before the point and {settings.Scale} after it", ref error);
        }

        return JsonValue.Create(number);
    }

    /// <summary>12.50 and 12.5 are the same number: trailing zeros do not count against the scale.</summary>
    public static decimal WithoutTrailingZeros(decimal number) => number / 1.000000000000000000000000000000000m;

    private static JsonNode? ParseDate(JsonNode value, ref string? error) =>
        StringOf(value) is { } text && DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? JsonValue.Create(date.ToString(DateFormat, CultureInfo.InvariantCulture))
            : Fail("must be a date as yyyy-MM-dd, such as 2026-03-31", ref error);

    private static JsonNode? ParseDateTime(JsonNode value, ref string? error) =>
        StringOf(value) is { } text && DateTimePattern().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? JsonValue.Create(at.ToString(DateTimeFormat, CultureInfo.InvariantCulture))
            : Fail("must be a date and time in ISO 8601 with an offset, such as 2026-03-31T09:30:00+08:00 or 2026-03-31T01:30:00Z", ref error);

    private static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0;

    private static string? StringOf(JsonNode? value) =>
        value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static JsonNode? Fail(string rule, ref string? error)
    {
        error = rule;
        return null;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?(?=(?:\D*\d){3})[0-9 ().\-]{3,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
