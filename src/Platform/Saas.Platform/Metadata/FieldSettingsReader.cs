using System.Text.Json;
using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Metadata;

/// <summary>The typed settings of a field and, for a lookup, its target's id.</summary>
internal sealed record SettingsResult(FieldSettings? Settings, Guid? TargetEntityId);

/// <summary>Binds the <c>settings</c> object for the field's type, applies the type's defaults and validates it.</summary>
internal sealed class FieldSettingsReader(LookupTargets targets)
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>The stored settings type of <paramref name="type"/>, or null when the type has no settings.</summary>
    public static Type? SettingsTypeOf(string type) => type switch
    {
        Text or LongText => typeof(TextSettings),
        Number or Currency or Percent => typeof(NumberSettings),
        Picklist or MultiPicklist => typeof(PicklistSettings),
        Lookup => typeof(LookupSettings),
        AutoNumber => typeof(AutoNumberSettings),
        Formula => typeof(FormulaSettings),
        Rollup => typeof(RollupSettings),
        _ => null,
    };

    public async Task<SettingsResult> ReadAsync(string type, JsonElement? json, string path, Problems problems, CancellationToken cancellationToken)
    {
        var element = json ?? EmptyObject;
        switch (type)
        {
            case Text or LongText:
                return Bind<TextSettingsInput>(element, type, path, problems) is { } text ? new(TextRules.Read(type, text, path, problems), null) : Nothing;
            case Number or Currency or Percent:
                return Bind<NumberSettingsInput>(element, type, path, problems) is { } number ? new(NumberRules.Read(type, number, path, problems), null) : Nothing;
            case Picklist or MultiPicklist:
                return Bind<PicklistSettingsInput>(element, type, path, problems) is { } picklist ? new(PicklistRules.Read(type, picklist, path, problems), null) : Nothing;
            case AutoNumber:
                return Bind<AutoNumberSettingsInput>(element, type, path, problems) is { } autoNumber ? new(ReadAutoNumber(autoNumber, path, problems), null) : Nothing;
            case Formula:
                return Bind<FormulaSettingsInput>(element, type, path, problems) is { } formula ? new(FormulaRules.Read(formula, path, problems), null) : Nothing;
            case Rollup:
                return Bind<RollupSettingsInput>(element, type, path, problems) is { } rollup ? new(RollupRules.Read(rollup, path, problems), null) : Nothing;
            case Lookup:
                return Bind<LookupSettingsInput>(element, type, path, problems) is { } lookup ? await ReadLookupAsync(lookup, path, problems, cancellationToken) : Nothing;
            default:
                Bind<NoSettingsInput>(element, type, path, problems);
                return Nothing;
        }
    }

    private static SettingsResult Nothing => new(null, null);

    private static AutoNumberSettings? ReadAutoNumber(AutoNumberSettingsInput input, string path, Problems problems)
    {
        if (AutoNumberPattern.Parse(input.Pattern, out var error) is null)
        {
            problems.Add(Problems.Path(path, "pattern"), error!);
            return null;
        }

        return new AutoNumberSettings(input.Pattern!);
    }

    private async Task<SettingsResult> ReadLookupAsync(LookupSettingsInput input, string path, Problems problems, CancellationToken cancellationToken)
    {
        var targetPath = Problems.Path(path, "targetEntity");
        if (string.IsNullOrWhiteSpace(input.TargetEntity))
        {
            problems.Add(targetPath, "Give the apiName of the entity this lookup points to.");
            return Nothing;
        }

        return await targets.ResolveAsync(input.TargetEntity, targetPath, problems, cancellationToken) is { } target
            ? new(new LookupSettings(target.ApiName), target.Id)
            : Nothing;
    }

    private static T? Bind<T>(JsonElement element, string type, string path, Problems problems)
        where T : class
    {
        try
        {
            return element.Deserialize<T>(Strict);
        }
        catch (JsonException ex)
        {
            var inner = ex.Path is null or "$" ? string.Empty : ex.Path.TrimStart('$', '.');
            var at = inner.Length == 0 ? path : Problems.Path(path, inner);
            problems.Add(at, Describe(ex, type, inner));
            return null;
        }
    }

    private static string Describe(JsonException exception, string type, string inner)
    {
        if (inner.Length == 0)
        {
            return "The settings must be a JSON object.";
        }

        if (!exception.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return "The value has the wrong type or format.";
        }

        if (inner.Contains('.', StringComparison.Ordinal) || inner.Contains('[', StringComparison.Ordinal))
        {
            return "This property is not known; remove it.";
        }

        return AllowedSettings(type) is { } allowed
            ? $"A {type} field has no setting '{inner}'; its settings are: {allowed}."
            : $"A {type} field takes no settings.";
    }

    private static string? AllowedSettings(string type) => type switch
    {
        Text or LongText => "maxLength",
        Number or Currency or Percent => "precision, scale",
        Picklist or MultiPicklist => "values",
        Lookup => "targetEntity",
        AutoNumber => "pattern",
        Formula => "expression, resultType",
        Rollup => "childEntity, lookupField, function, field, filter",
        _ => null,
    };
}
