using System.Collections.Immutable;
using Saas.Platform.Metadata;

namespace Saas.Platform.Expressions;

/// <summary>A field an expression may read: its api name and its type in the expression language.</summary>
public sealed record ExpressionField(string ApiName, ExpressionType Type);

/// <summary>
/// What an expression is compiled against: an entity's id and the fields it may read. Fields whose type has no
/// single value (multi-picklists) are listed in <paramref name="Unreadable"/> with the reason, so that naming one
/// is refused with that reason rather than as an unknown name.
/// </summary>
public sealed record ExpressionScope(Guid EntityId, ImmutableArray<ExpressionField> Fields, ImmutableDictionary<string, string> Unreadable)
{
    /// <summary>A scope with no fields: for expressions that may use only literals and functions, such as default values.</summary>
    public static ExpressionScope Empty(Guid entityId) => new(entityId, [], ImmutableDictionary<string, string>.Empty);

    /// <summary>The live fields of an entity; a formula field reads as its result type.</summary>
    public static ExpressionScope Of(EntityDefinition entity) =>
        Of(entity.Id, entity.Fields.Select(f => (f.ApiName, f.Type, f.Settings)));

    /// <summary>The given fields (api name, field type, settings).</summary>
    public static ExpressionScope Of(Guid entityId, IEnumerable<(string ApiName, string Type, FieldSettings? Settings)> fields)
    {
        var readable = ImmutableArray.CreateBuilder<ExpressionField>();
        var unreadable = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (apiName, type, settings) in fields)
        {
            if (ExpressionTypes.OfField(type, settings) is { } expressionType)
            {
                readable.Add(new ExpressionField(apiName, expressionType));
            }
            else
            {
                unreadable[apiName] = ExpressionTypes.WhyUnreadable(type);
            }
        }

        return new ExpressionScope(entityId, readable.ToImmutable(), unreadable.ToImmutable());
    }

    /// <summary>The same scope without one field: a formula is compiled against the other fields.</summary>
    public ExpressionScope Without(string apiName) => this with
    {
        Fields = Fields.RemoveAll(f => string.Equals(f.ApiName, apiName, StringComparison.OrdinalIgnoreCase)),
        Unreadable = Unreadable.SetItem(apiName, "an expression cannot read the field it belongs to"),
    };

    /// <summary>A text that differs whenever the fields or their types differ: part of the cache key.</summary>
    internal string Shape => string.Join(",", Fields.Select(f => $"{f.ApiName}:{f.Type}"))
        + "|" + string.Join(",", Unreadable.Keys.Order(StringComparer.OrdinalIgnoreCase));
}
