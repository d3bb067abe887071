using System.Text.Json.Nodes;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Records;

/// <summary>
/// The values a create takes for the fields it leaves out: the field's default value expression, else a picklist's
/// default choice, else (for owner fields) the person creating the record. A field given as null is not left out: it
/// stays empty, so a client can always ask for no value.
/// </summary>
internal sealed class RecordDefaults(IExpressionCompiler compiler)
{
    public void Apply(EntityDefinition entity, Dictionary<Guid, JsonNode?> values, RecordActor actor, ExpressionContext context, Problems problems)
    {
        foreach (var field in entity.Fields.Where(f => !values.ContainsKey(f.Id) && f.Type != AutoNumber && !f.ReadOnly))
        {
            var fallback = field.DefaultValue is { } expression
                ? Evaluate(entity, field, expression, context, problems)
                : field.Type switch
                {
                    Picklist => field.GetSettings<PicklistSettings>().Values.FirstOrDefault(v => v.IsDefault && v.IsActive)?.ApiName,
                    Owner => actor.UserId?.ToString("D"),
                    _ => null,
                };
            if (fallback is not null)
            {
                values[field.Id] = fallback;
            }
        }
    }

    /// <summary>
    /// The default in the field's stored form. The metadata compiled it when it was saved; what it gives is checked like
    /// a given value, since a computed text may be too long or a number too precise for the field.
    /// </summary>
    private JsonNode? Evaluate(EntityDefinition entity, FieldDefinition field, string expression, ExpressionContext context, Problems problems)
    {
        var compilation = compiler.Compile(ExpressionScope.Empty(entity.Id), expression, ExpressionTypes.OfField(field.Type, field.Settings));
        var result = compilation.Expression?.Evaluate(new Dictionary<string, object?>(), context);
        var why = compilation.Error?.Message ?? result!.Error;
        var stored = why is null ? ComputedValues.ToStored(result!.Value, out why) : null;
        var parsed = stored is null ? null : FieldValueParser.Parse(field, stored, out why);
        if (why is not null)
        {
            problems.Add(field.ApiName, $"The default value of {field.ApiName} ({expression}) gives no valid value: {why.TrimEnd('.')}. Give {field.ApiName} a value, or ask an admin to correct its default.");
        }

        return parsed;
    }
}
