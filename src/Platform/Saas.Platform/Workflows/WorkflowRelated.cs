using System.Text.RegularExpressions;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;

namespace Saas.Platform.Workflows;

/// <summary>
/// <c>updateFields</c> with <c>record</c>: the step updates the record a lookup field of the run's record points to (an
/// order's member), as Salesforce Flow's "update related records" does. Its values are expressions over the related
/// record's own fields (<c>points</c>); the run's record is read as <c>record.field</c> (<c>record.total</c>), the name
/// the step's Liquid templates already give it. OData's grammar has no such path over a flat scope, so the names are
/// rewritten to <c>record_field</c> before compiling, as a loop's <c>item.field</c> is.
/// </summary>
internal static partial class WorkflowRelated
{
    private const string RecordPrefix = "record_";

    /// <summary>The lookup field of the run's entity named by a step's <c>record</c>, with the entity it points to, or why it is not one.</summary>
    public static (FieldDefinition? Lookup, EntityDefinition? Target, string? Error) Resolve(MetadataSnapshot snapshot, EntityDefinition entity, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || entity.FindField(name) is not { } field)
        {
            return (null, null, $"'{entity.ApiName}' has no field '{name}'; name one of its lookup fields.");
        }

        if (field is not { Type: FieldType.Lookup, Settings: LookupSettings settings })
        {
            return (null, null, $"'{entity.ApiName}.{field.ApiName}' is a {field.Type} field; a related record is reached through a lookup field.");
        }

        return snapshot.FindEntity(settings.TargetEntity) is { } target
            ? (field, target, null)
            : (null, null, $"'{entity.ApiName}.{field.ApiName}' points to '{settings.TargetEntity}', which does not exist.");
    }

    /// <summary>Why a step may not write <paramref name="name"/> of <paramref name="target"/>, or null: it must be a field the record service lets a write set.</summary>
    public static string? WhyNotWritable(EntityDefinition target, string name)
    {
        if (string.Equals(name, Records.RecordValidator.OwnerField, StringComparison.Ordinal))
        {
            return null;
        }

        return target.FindField(name) switch
        {
            null => $"'{target.ApiName}' has no field '{name}'.",
            { Type: FieldType.AutoNumber } field => $"'{target.ApiName}.{field.ApiName}' is an auto-number: the platform assigns it, a step cannot write it.",
            { Type: FieldType.Formula or FieldType.Rollup } field => $"'{target.ApiName}.{field.ApiName}' is a {field.Type} field: it is computed, a step cannot write it.",
            { ReadOnly: true } field => $"'{target.ApiName}.{field.ApiName}' is read-only.",
            _ => null,
        };
    }

    /// <summary>What the values read: the related record's fields, the declared run variables and the run's record's fields as <c>record_field</c>.</summary>
    public static ExpressionScope Scope(EntityDefinition target, EntityDefinition run, IReadOnlyList<ExpressionField> variables)
    {
        var scope = WorkflowScope.Of(target, variables);
        var known = scope.Fields.Select(f => f.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var runFields = ExpressionScope.Of(run).Fields.Select(f => f with { ApiName = RecordPrefix + f.ApiName }).Where(f => !known.Contains(f.ApiName));
        return scope with { Fields = scope.Fields.AddRange(runFields) };
    }

    public static IReadOnlyDictionary<string, object?> Values(
        IReadOnlyDictionary<string, object?> related, IReadOnlyDictionary<string, object?> record, string variables, IReadOnlyList<ExpressionField> declared)
    {
        var values = new Dictionary<string, object?>(WorkflowScope.Values(related, variables, declared), StringComparer.Ordinal);
        foreach (var (name, value) in record)
        {
            values.TryAdd(RecordPrefix + name, value);
        }

        return values;
    }

    /// <summary>An expression with <c>record.field</c> written as the name the compiler knows (<c>record_field</c>); text in quotes is left alone.</summary>
    public static string Rewrite(string text) => RecordReference().Replace(text, m => m.Groups[1].Success ? RecordPrefix + m.Groups[1].Value : m.Value);

    [GeneratedRegex(@"'(?:[^']|'')*'|\brecord\.([A-Za-z_][A-Za-z0-9_]*)", RegexOptions.CultureInvariant)]
    private static partial Regex RecordReference();
}
