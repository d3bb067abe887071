using System.Linq.Expressions;
using Microsoft.OData;
using Microsoft.OData.UriParser;
using Saas.Platform.Expressions;
using ExpressionType = Saas.Platform.Expressions.ExpressionType;

namespace Saas.Platform.Querying;

/// <summary>One key of the order: a field, its direction, and the expression of its value for a record (null when it has none).</summary>
internal sealed record SortKey(QueryField Field, bool Descending, Expression Value)
{
    public const int MaxKeys = 5;

    /// <summary>
    /// The keys of <c>$orderby</c>, parsed by OData against the entity's model; without one, the order of creation.
    /// Ids are refused: their order means nothing to a person and differs between databases.
    /// </summary>
    public static IReadOnlyList<SortKey> Parse(string? text, IReadOnlyDictionary<string, QueryField> fields, ExpressionScope scope, RecordAccess access)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [Of(fields["createdAt"], descending: false, access)];
        }

        OrderByClause? clause;
        try
        {
            var (model, type, set) = EdmModelFactory.Build(scope);
            var parser = new ODataQueryOptionParser(model, type, set, new Dictionary<string, string> { [QueryOptionNames.OrderBy] = text })
            {
                Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
            };
            clause = parser.ParseOrderBy();
        }
        catch (ODataException ex)
        {
            throw new QueryRefusedException(QueryOptionNames.OrderBy, ODataErrors.Describe(ex.Message, text, scope).Error!.Message);
        }

        var keys = new List<SortKey>();
        for (; clause is not null; clause = clause.ThenBy)
        {
            if (clause.Expression is not SingleValuePropertyAccessNode property || !fields.TryGetValue(property.Property.Name, out var field))
            {
                throw new QueryRefusedException(QueryOptionNames.OrderBy, "Sort by field names only, such as amount desc,name");
            }

            keys.Add(Of(field, clause.Direction == OrderByDirection.Descending, access));
        }

        return keys.Count <= MaxKeys ? keys : throw new QueryRefusedException(QueryOptionNames.OrderBy, $"Sort by at most {MaxKeys} fields");
    }

    private static SortKey Of(QueryField field, bool descending, RecordAccess access)
    {
        field.EnsureQueryable(QueryOptionNames.OrderBy, "sort");
        if (field.Type == ExpressionType.Id)
        {
            throw new QueryRefusedException(QueryOptionNames.OrderBy, $"'{field.ApiName}' holds ids, which have no meaningful order; sort by another field");
        }

        return new SortKey(field, descending, field.IsSystem ? access.Column(field) : access.SortValue(field));
    }
}
