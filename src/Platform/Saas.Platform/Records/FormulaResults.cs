using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Whether a stored formula value has the shape of the formula's result type. It may not, when an admin changed the
/// result type and the record has not been written since: such a value is still read, but it is not indexed.
/// </summary>
internal static class FormulaResults
{
    public static bool Fits(string resultType, JsonNode value) => (resultType, value.GetValueKind()) switch
    {
        (Number or Currency or Percent, JsonValueKind.Number) => true,
        (FieldType.Boolean, JsonValueKind.True or JsonValueKind.False) => true,
        (Date, JsonValueKind.String) => DateOnly.TryParseExact(value.GetValue<string>(), FieldValueParser.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        (FieldType.DateTime, JsonValueKind.String) => DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        (Text, JsonValueKind.String) => true,
        _ => false,
    };
}
