using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// Checks a write against the tenant's metadata and answers every violation at once, keyed by field api name: system
/// and unknown fields, read-only fields, types and formats, required fields, picklist values, lookups, owners, uniqueness,
/// and last the entity's validation rules.
/// </summary>
internal sealed class RecordValidator(RecordReferences references, RecordDefaults defaults, RecordRules rules)
{
    public const string OwnerField = "ownerId";

    /// <summary>What every record has already; the platform sets these (ownerId excepted, which a write may name).</summary>
    private static readonly FrozenSet<string> SystemFields = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "id", "tenantId", "entityId", "name", "owner", "createdAt", "createdBy", "modifiedAt", "modifiedBy", "version", "deletedAt", "deletedBy", "etag");

    /// <summary>
    /// The draft of a write, or null with <paramref name="problems"/> filled. <paramref name="current"/> is null on create,
    /// else the record's stored values (an inactive picklist value the record holds already may stay). Default values
    /// of a create are computed at the time of <paramref name="context"/>.
    /// </summary>
    public async Task<RecordDraft?> ValidateAsync(
        MetadataSnapshot snapshot, EntityDefinition entity, JsonObject payload, Guid? recordId, IReadOnlyDictionary<Guid, JsonNode?>? current,
        RecordActor actor, ExpressionContext context, Problems problems, CancellationToken cancellationToken)
    {
        var values = new Dictionary<Guid, JsonNode?>();
        var setsOwner = false;
        Guid? owner = null;
        foreach (var (name, value) in payload)
        {
            if (string.Equals(name, OwnerField, StringComparison.OrdinalIgnoreCase))
            {
                setsOwner = true;
                owner = ReadOwner(value, problems);
            }
            else if (SystemFields.Contains(name))
            {
                problems.Add(name, $"{name} is a system field: the platform sets it, a write cannot.");
            }
            else if (entity.FindField(name) is not { } field)
            {
                problems.Add(name, $"The entity '{entity.ApiName}' has no field '{name}'.");
            }
            else if (field.Type == AutoNumber || field.ReadOnly)
            {
                problems.Add(field.ApiName, field.Type == AutoNumber
                    ? $"{field.ApiName} is an auto-number: the platform assigns it, a write cannot."
                    : $"{field.ApiName} is read-only.");
            }
            else if (!values.TryAdd(field.Id, Read(field, value, problems)))
            {
                problems.Add(field.ApiName, $"{field.ApiName} is given more than once.");
            }
        }

        if (current is null)
        {
            defaults.Apply(entity, values, actor, context, problems);
            owner = setsOwner ? owner : actor.UserId;
            setsOwner = true;
        }

        var refused = problems.ToDictionary();
        foreach (var field in entity.Fields.Where(f => f.Required && f.Type != AutoNumber && !f.ReadOnly))
        {
            var missing = values.TryGetValue(field.Id, out var value) ? value is null : current is null;
            if (missing && !refused.ContainsKey(field.ApiName))
            {
                problems.Add(field.ApiName, current is null ? $"{field.ApiName} is required." : $"{field.ApiName} is required: it cannot be emptied.");
            }
        }

        PicklistChoices.Check(entity, values, current, problems);
        await references.CheckLookupsAsync(snapshot, entity, values, problems, cancellationToken);
        await references.CheckOwnersAsync(entity, values, owner, problems, cancellationToken);
        await references.CheckUniqueAsync(entity, values, recordId, problems, cancellationToken);
        rules.Check(entity, values, current, context, problems);
        return problems.Any ? null : new RecordDraft(values, setsOwner, owner);
    }

    private static JsonNode? Read(FieldDefinition field, JsonNode? value, Problems problems)
    {
        if (FieldValueParser.IsEmpty(value))
        {
            return null;
        }

        var parsed = FieldValueParser.Parse(field, value!, out var error);
        if (error is not null)
        {
            problems.Add(field.ApiName, $"{field.ApiName} {error}.");
        }

        return parsed;
    }

    private static Guid? ReadOwner(JsonNode? value, Problems problems)
    {
        if (value is null)
        {
            return null;
        }

        if (value.GetValueKind() == System.Text.Json.JsonValueKind.String && Guid.TryParse(value.GetValue<string>(), out var id))
        {
            return id;
        }

        problems.Add(OwnerField, $"{OwnerField} must be the id of a user, as a string, or null.");
        return null;
    }
}
