using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Saas.Platform.Packs;

/// <summary>
/// Writes a JSON tree as block-style YAML that <see cref="PackReader"/> reads back to the same tree: texts that YAML
/// could read as something else (numbers, <c>true</c>, <c>null</c>, anything with punctuation) are double-quoted with
/// JSON's escapes, which YAML's double-quoted scalars share; Chinese and other letters stay readable.
/// </summary>
public static partial class PackYaml
{
    private static readonly JsonSerializerOptions Quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "null", "yes", "no", "on", "off", "y", "n" };

    [GeneratedRegex(@"^[\p{L}_][\p{L}\p{N}_\-. ]*$")]
    private static partial Regex Plain();

    /// <summary>The YAML text of <paramref name="node"/> (an object at the root, as every pack file has).</summary>
    public static string Write(JsonObject node)
    {
        var text = new StringBuilder();
        WriteObject(text, node, 0);
        return text.ToString();
    }

    /// <summary>Writes the object's keys at <paramref name="indent"/>; the first on the current line when it follows a list item's <c>- </c>.</summary>
    private static void WriteObject(StringBuilder text, JsonObject node, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var (key, value) in node)
        {
            if (!(first && firstInline))
            {
                text.Append(' ', indent);
            }

            first = false;
            text.Append(Scalar(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    /// <summary>Writes what follows <c>key:</c>: a scalar or an empty collection on the same line, else a block below it.</summary>
    private static void WriteValue(StringBuilder text, JsonNode? value, int indent)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } child:
                text.Append('\n');
                WriteObject(text, child, indent + 2);
                break;
            case JsonArray { Count: > 0 } list:
                text.Append('\n');
                WriteArray(text, list, indent + 2);
                break;
            default:
                text.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static void WriteArray(StringBuilder text, JsonArray list, int indent)
    {
        foreach (var item in list)
        {
            text.Append(' ', indent).Append("- ");
            switch (item)
            {
                case JsonObject { Count: > 0 } child:
                    WriteObject(text, child, indent + 2, firstInline: true);
                    break;
                case JsonArray { Count: > 0 } inner:
                    text.Append('\n');
                    WriteArray(text, inner, indent + 2);
                    break;
                default:
                    text.Append(Inline(item)).Append('\n');
                    break;
            }
        }
    }

    private static string Inline(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        JsonValue scalar when scalar.GetValueKind() is JsonValueKind.String => Scalar(scalar.GetValue<string>()),
        JsonValue scalar when scalar.GetValueKind() is JsonValueKind.True => "true",
        JsonValue scalar when scalar.GetValueKind() is JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    /// <summary>A text as a plain scalar when YAML reads it back as that same text, else double-quoted.</summary>
    private static string Scalar(string text) =>
        text.Length > 0 && Plain().IsMatch(text) && !text.EndsWith(' ') && !Reserved.Contains(text)
            ? text
            : JsonSerializer.Serialize(text, Quoting);
}
