using System.Globalization;
using System.Text.Json.Nodes;

namespace Saas.Platform.Ui.Work;

/// <summary>
/// Scalar values of the query service's JSON rows as text. Rows are built in memory, so a value can hold a Guid or a
/// DateTimeOffset rather than a string, and <see cref="JsonNode.ToString"/> would then give its JSON text, in quotes.
/// </summary>
public static class JsonText
{
    public static string? Of(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<Guid>(out var id) => id.ToString(),
        JsonValue value when value.TryGetValue<DateTimeOffset>(out var at) => at.ToString("O", CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<DateTime>(out var at) => at.ToString("O", CultureInfo.InvariantCulture),
        _ => node.ToString(),
    };

    public static Guid Id(JsonNode? node) => Guid.Parse(Of(node) ?? throw new InvalidOperationException("The row has no id."));

    public static DateTimeOffset? At(JsonNode? node) =>
        DateTimeOffset.TryParse(Of(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    public static int Version(JsonNode? node) => int.TryParse(Of(node), NumberStyles.Integer, CultureInfo.InvariantCulture, out var version) ? version : 0;
}
