using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Metadata;

namespace Saas.Platform.Access;

/// <summary>
/// The rules of a permission set, keyed by entity api name or <c>*</c> (every entity without a rule of its own in the set).
/// In JSON an action is <c>true</c> (at the rule's <c>scope</c>, <c>all</c> when absent), <c>false</c>, or a scope word,
/// so one rule can read every record and delete only the caller's own.
/// </summary>
internal sealed class PermissionRules(ImmutableDictionary<string, EntityRule> entities)
{
    public const string EveryEntity = "*";

    public static readonly PermissionRules Empty = new(ImmutableDictionary<string, EntityRule>.Empty.WithComparers(StringComparer.OrdinalIgnoreCase));

    public ImmutableDictionary<string, EntityRule> Entities { get; } = entities;

    /// <summary>The set's rule for an entity: its own, else the <c>*</c> rule, else none.</summary>
    public EntityRule? For(string entity) => Entities.GetValueOrDefault(entity) ?? Entities.GetValueOrDefault(EveryEntity);

    public JsonObject ToJson() => new(Entities.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value.ToJson())));

    /// <summary>Reads stored rules; names that no longer exist in the metadata are kept and simply match nothing.</summary>
    public static PermissionRules FromStored(string json) =>
        Parse(JsonNode.Parse(json) as JsonObject ?? [], snapshot: null, new Problems(), "rules");

    /// <summary>Parses rules from a request, checking entity and field names against <paramref name="snapshot"/>; problems are keyed by JSON path.</summary>
    public static PermissionRules Parse(JsonObject json, MetadataSnapshot? snapshot, Problems problems, string path)
    {
        var entities = ImmutableDictionary.CreateBuilder<string, EntityRule>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, node) in json)
        {
            var at = $"{path}.{name}";
            EntityDefinition? entity = null;
            if (name != EveryEntity && snapshot is not null && (entity = snapshot.FindEntity(name)) is null)
            {
                problems.Add(at, $"There is no entity '{name}'.");
                continue;
            }

            if (node is not JsonObject rule)
            {
                problems.Add(at, "A rule must be an object.");
                continue;
            }

            entities[entity?.ApiName ?? name] = ParseRule(rule, name, entity, snapshot is not null, problems, at);
        }

        return new PermissionRules(entities.ToImmutable());
    }

    private static EntityRule ParseRule(JsonObject rule, string name, EntityDefinition? entity, bool checkNames, Problems problems, string path)
    {
        foreach (var key in rule.Select(p => p.Key).Where(k => !RuleKeys.Contains(k)))
        {
            problems.Add($"{path}.{key}", $"Unknown key; a rule has: {string.Join(", ", RuleKeys)}.");
        }

        var scope = RecordScope.All;
        if (rule["scope"] is { } scopeNode)
        {
            if (AccessWords.Scope(Text(scopeNode)) is { } parsedScope)
            {
                scope = parsedScope;
            }
            else
            {
                problems.Add($"{path}.scope", "The scope must be own, team or all.");
            }
        }

        var fields = ImmutableDictionary.CreateBuilder<string, FieldAccess>(StringComparer.OrdinalIgnoreCase);
        if (rule["fields"] is JsonObject listed)
        {
            foreach (var (field, access) in listed)
            {
                var fieldPath = $"{path}.fields.{field}";
                if (name == EveryEntity && checkNames)
                {
                    problems.Add(fieldPath, "The rule for every entity (*) cannot name fields; use otherFields.");
                }
                else if (checkNames && entity!.FindField(field) is null)
                {
                    problems.Add(fieldPath, $"The entity '{entity.ApiName}' has no field '{field}'.");
                }
                else if (AccessWords.Field(Text(access)) is not { } parsed)
                {
                    problems.Add(fieldPath, "Field access must be edit, read or none.");
                }
                else
                {
                    fields[entity?.FindField(field)?.ApiName ?? field] = parsed;
                }
            }
        }
        else if (rule["fields"] is not null)
        {
            problems.Add($"{path}.fields", "fields must be an object of field api names to edit, read or none.");
        }

        var otherFields = FieldAccess.None;
        if (rule["otherFields"] is { } otherNode)
        {
            if (AccessWords.Field(Text(otherNode)) is { } other)
            {
                otherFields = other;
            }
            else
            {
                problems.Add($"{path}.otherFields", "otherFields must be edit, read or none.");
            }
        }

        return new EntityRule(
            Flag(rule, "create", path, problems), Action(rule, "read", scope, path, problems), Action(rule, "update", scope, path, problems),
            Action(rule, "delete", scope, path, problems), Flag(rule, "export", path, problems), fields.ToImmutable(), otherFields);
    }

    private static readonly string[] RuleKeys = ["create", "read", "update", "delete", "export", "scope", "fields", "otherFields"];

    private static bool Flag(JsonObject rule, string key, string path, Problems problems)
    {
        switch (rule[key])
        {
            case null:
                return false;
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>();
            default:
                problems.Add($"{path}.{key}", $"{key} must be true or false.");
                return false;
        }
    }

    private static RecordScope Action(JsonObject rule, string key, RecordScope scope, string path, Problems problems)
    {
        var node = rule[key];
        if (node is null)
        {
            return RecordScope.None;
        }

        if (node is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetValue<bool>() ? scope : RecordScope.None;
        }

        if (AccessWords.Scope(Text(node)) is { } own)
        {
            return own;
        }

        problems.Add($"{path}.{key}", $"{key} must be true, false, or a scope: own, team or all.");
        return RecordScope.None;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
