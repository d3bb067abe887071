using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Saas.Platform.Packs;

/// <summary>
/// Reads YAML into a JSON tree, so one JSON Schema checks a file whichever way it is written. Plain scalars are typed
/// as YAML 1.2's core schema types them (true/false, null, integers, decimals); quoted scalars stay text.
/// </summary>
internal static partial class YamlJson
{
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)\.[0-9]+$")]
    private static partial Regex Decimal();

    /// <summary>The document's tree, or the parser's complaint with its line and column.</summary>
    public static (JsonNode? Node, string? Error) Parse(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return (stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode), null);
        }
        catch (YamlException ex)
        {
            return (null, $"Not valid YAML (line {ex.Start.Line}, column {ex.Start.Column}): {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ConvertMap(map),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new YamlException(node.Start, node.End, "Aliases and anchors are not supported in pack files."),
    };

    private static JsonObject ConvertMap(YamlMappingNode map)
    {
        var json = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new YamlException(key.Start, key.End, "Keys must be plain text.");
            if (json.ContainsKey(name))
            {
                throw new YamlException(key.Start, key.End, $"The key '{name}' is given twice.");
            }

            json[name] = Convert(value);
        }

        return json;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when Decimal().IsMatch(text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(text),
        };
    }
}
