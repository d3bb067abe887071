using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Workflows;

namespace Saas.Platform.Packs;

/// <summary>
/// A workflow as a flat map of properties for provenance and the 3-way merge: <c>name</c>, <c>description</c>, each
/// property of the trigger (<c>trigger.condition</c>, <c>trigger.cron</c>, ...), each variable (<c>variables.x</c>),
/// the order of the top-level steps (<c>steps</c>, their ids) and each top-level step by id (<c>steps.welcome</c>, the
/// step with everything nested in it). So a tenant who rewrites one email and a publisher who changes another step's
/// condition both keep their change; a step whose id the merged order no longer names is left out.
/// </summary>
internal static class PackWorkflowProperties
{
    private const string StepsKey = "steps";
    private const string StepPrefix = "steps.";
    private const string TriggerPrefix = "trigger.";
    private const string VariablePrefix = "variables.";

    public static JsonObject Of(WorkflowDocument document)
    {
        var json = JsonSerializer.SerializeToNode(document, WorkflowDocument.Json)!.AsObject();
        var map = new JsonObject();
        foreach (var key in new[] { "name", "description" })
        {
            if (json[key] is { } value)
            {
                map[key] = value.DeepClone();
            }
        }

        foreach (var (key, value) in json["trigger"] as JsonObject ?? [])
        {
            map[TriggerPrefix + key] = value?.DeepClone();
        }

        foreach (var (key, value) in json["variables"] as JsonObject ?? [])
        {
            map[VariablePrefix + key] = value?.DeepClone();
        }

        var ids = new JsonArray();
        foreach (var step in (json[StepsKey] as JsonArray ?? []).OfType<JsonObject>())
        {
            var id = step["id"]?.GetValue<string>() ?? string.Empty;
            ids.Add(id);
            map[StepPrefix + id] = step.DeepClone();
        }

        map[StepsKey] = ids;
        return map;
    }

    public static WorkflowDocument ToDocument(JsonObject map)
    {
        var json = new JsonObject();
        foreach (var key in new[] { "name", "description" })
        {
            if (map[key] is { } value)
            {
                json[key] = value.DeepClone();
            }
        }

        json["trigger"] = Section(map, TriggerPrefix);
        if (Section(map, VariablePrefix) is { Count: > 0 } variables)
        {
            json["variables"] = variables;
        }

        json[StepsKey] = new JsonArray([.. (map[StepsKey] as JsonArray ?? []).Select(id => map[StepPrefix + id!.GetValue<string>()]?.DeepClone()).OfType<JsonNode>()]);
        return json.Deserialize<WorkflowDocument>(WorkflowDocument.Json)!;
    }

    private static JsonObject Section(JsonObject map, string prefix) =>
        new(map.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Value is not null)
            .Select(p => KeyValuePair.Create(p.Key[prefix.Length..], (JsonNode?)p.Value!.DeepClone())));
}
