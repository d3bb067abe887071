using Saas.Platform.Expressions;
using Saas.Platform.Metadata;

namespace Saas.Platform.Packs;

public sealed partial class PackValidator
{
    /// <summary>
    /// An entity's validation rules: names (unique, prefixed for a partner), the error condition compiles as a boolean
    /// against the entity's fields, the error field exists, the message has English.
    /// </summary>
    private void CheckRules(PackEntity entity, PackScope scope, string? prefix, List<PackProblem> problems)
    {
        var rules = entity.Rules ?? [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var fields = ExpressionScope.Of(Guid.NewGuid(), entity.Fields.Select(f => (f.ApiName, f.Type, Settings(f, scope))));
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = $"rules[{i}]";
            if (MetadataApiName.ValidateValueName(rule.ApiName) is { } why)
            {
                problems.Add(new(entity.File, $"{path}.apiName", why));
            }
            else if (!names.Add(rule.ApiName))
            {
                problems.Add(new(entity.File, $"{path}.apiName", $"'{rule.ApiName}' is given twice; rule names are unique in an entity, in any case."));
            }
            else if (prefix is not null && !rule.ApiName.StartsWith(prefix, StringComparison.Ordinal))
            {
                problems.Add(new(entity.File, $"{path}.apiName", $"'{rule.ApiName}' must start with the pack's prefix '{prefix}'."));
            }

            if (compiler.Compile(fields, rule.ErrorCondition, ExpressionType.Boolean).Error is { } error)
            {
                problems.Add(new(entity.File, $"{path}.errorCondition", error.Message));
            }

            if (rule.ErrorField is { } field && !entity.Fields.Any(f => string.Equals(f.ApiName, field, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(new(entity.File, $"{path}.errorField", $"The entity '{entity.ApiName}' has no field '{field}'."));
            }
        }
    }
}
