using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Saas.Platform.Access;

/// <summary>
/// What one permission set allows on one entity: the actions, each with the records it reaches (<see cref="RecordScope.None"/>
/// when not allowed), and field access as an allow-list (listed fields, then <see cref="OtherFields"/> for the rest).
/// </summary>
public sealed record EntityRule(
    bool Create,
    RecordScope Read,
    RecordScope Update,
    RecordScope Delete,
    bool Export,
    ImmutableDictionary<string, FieldAccess> Fields,
    FieldAccess OtherFields)
{
    public static readonly EntityRule Full = new(true, RecordScope.All, RecordScope.All, RecordScope.All, true, ImmutableDictionary<string, FieldAccess>.Empty, FieldAccess.Edit);

    public FieldAccess AccessTo(string field) => Fields.TryGetValue(field, out var access) ? access : OtherFields;

    /// <summary>The rule as the API shows it: every action as a scope word or false.</summary>
    public JsonObject ToJson()
    {
        var fields = new JsonObject();
        foreach (var (name, access) in Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            fields[name] = AccessWords.Of(access);
        }

        return new JsonObject
        {
            ["create"] = Create,
            ["read"] = ScopeJson(Read),
            ["update"] = ScopeJson(Update),
            ["delete"] = ScopeJson(Delete),
            ["export"] = Export,
            ["fields"] = fields,
            ["otherFields"] = AccessWords.Of(OtherFields),
        };
    }

    private static JsonValue ScopeJson(RecordScope scope) => scope == RecordScope.None ? JsonValue.Create(false) : JsonValue.Create(AccessWords.Of(scope));
}
