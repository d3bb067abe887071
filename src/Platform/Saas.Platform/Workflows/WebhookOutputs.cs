using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Saas.Platform.Expressions;

namespace Saas.Platform.Workflows;

/// <summary>
/// The run variables <c>callWebhook</c> steps set: declared by their maps, so expressions of every step are compiled
/// with them as names beside the record's fields, and read from an answer by status, JSON pointer or simple path.
/// </summary>
internal static partial class WebhookOutputs
{
    public const string Status = "status";
    public const string Text = "text";
    public const string Number = "number";
    public const string Boolean = "boolean";

    public static readonly IReadOnlyList<string> Types = [Text, Number, Boolean];

    /// <summary>Every variable the document's webhook steps map, with its type in the expression language (the first declaration wins).</summary>
    public static IReadOnlyList<ExpressionField> Declared(IReadOnlyList<WorkflowStep>? steps)
    {
        var found = new Dictionary<string, ExpressionField>(StringComparer.OrdinalIgnoreCase);
        Collect(steps, found);
        return [.. found.Values];
    }

    public static ExpressionType TypeOf(WebhookOutput output) => (output.Type ?? (output.Path == Status ? Number : Text)) switch
    {
        Number => ExpressionType.Number,
        Boolean => ExpressionType.Boolean,
        _ => ExpressionType.Text,
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$", RegexOptions.CultureInvariant)]
    public static partial Regex Name();

    /// <summary>The reason a path is malformed, or null.</summary>
    public static string? CheckPath(string? path) =>
        string.IsNullOrWhiteSpace(path) ? "A path is required: status, a JSON pointer such as /data/id, or a path such as data.items[0].id."
        : path == Status || path.StartsWith('/') || SimplePath().IsMatch(path) ? null
        : $"'{path}' is neither status, a JSON pointer (/data/id) nor a simple path (data.items[0].id).";

    /// <summary>Sets the step's mapped variables from the answer into the run's variables (JSON).</summary>
    public static string Apply(string variables, WebhookCall call, IReadOnlyDictionary<string, WebhookOutput>? map)
    {
        var target = JsonNode.Parse(variables) as JsonObject ?? [];
        foreach (var (name, output) in map ?? new Dictionary<string, WebhookOutput>())
        {
            var raw = output.Path == Status ? JsonSerializer.SerializeToElement(call.Status) : Find(call.Body, output.Path!);
            target[name] = Convert(raw, TypeOf(output));
        }

        return target.ToJsonString();
    }

    private static void Collect(IReadOnlyList<WorkflowStep>? steps, Dictionary<string, ExpressionField> found)
    {
        foreach (var step in steps ?? [])
        {
            foreach (var (name, output) in step.Map ?? new Dictionary<string, WebhookOutput>())
            {
                if (step.Type == WorkflowNames.CallWebhook && Name().IsMatch(name) && output is not null)
                {
                    found.TryAdd(name, new ExpressionField(name, TypeOf(output)));
                }
            }

            foreach (var branch in new[] { step.Then, step.Else, step.Approved, step.Rejected, step.TimedOut, step.Do })
            {
                Collect(branch, found);
            }
        }
    }

    private static JsonElement? Find(JsonElement? body, string path)
    {
        if (body is not { } current)
        {
            return null;
        }

        var parts = path.StartsWith('/')
            ? path[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal))
            : path.Replace("[", ".", StringComparison.Ordinal).Replace("]", string.Empty, StringComparison.Ordinal).Split('.');
        foreach (var part in path == "/" ? [] : parts)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(part, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    private static JsonValue? Convert(JsonElement? value, ExpressionType type) => (value?.ValueKind, type) switch
    {
        (null or JsonValueKind.Null or JsonValueKind.Undefined, _) => null,
        (JsonValueKind.Number, ExpressionType.Number) => JsonValue.Create(value!.Value.GetDecimal()),
        (JsonValueKind.String, ExpressionType.Number) => decimal.TryParse(value!.Value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var n) ? JsonValue.Create(n) : null,
        (JsonValueKind.True or JsonValueKind.False, ExpressionType.Boolean) => JsonValue.Create(value!.Value.GetBoolean()),
        (JsonValueKind.String, ExpressionType.Boolean) => bool.TryParse(value!.Value.GetString(), out var b) ? JsonValue.Create(b) : null,
        (JsonValueKind.String, ExpressionType.Text) => JsonValue.Create(value!.Value.GetString()),
        (_, ExpressionType.Text) => JsonValue.Create(value!.Value.GetRawText()),
        _ => null,
    };

    [GeneratedRegex(@"^[A-Za-z0-9_$-]+(\[[0-9]+\])*(\.[A-Za-z0-9_$-]+(\[[0-9]+\])*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SimplePath();
}
