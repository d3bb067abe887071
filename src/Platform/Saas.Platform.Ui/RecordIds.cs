using System.Text.Json.Nodes;

namespace Saas.Platform.Ui;

/// <summary>The id of a record as the query service answers it (a Guid value, or its text).</summary>
public static class RecordIds
{
    public static Guid Of(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record["id"] is JsonValue value
            && (value.TryGetValue<Guid>(out var id) || (value.TryGetValue<string>(out var text) && Guid.TryParse(text, out id)))
            ? id
            : Guid.Empty;
    }
}
