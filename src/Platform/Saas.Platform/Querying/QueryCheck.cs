using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Records;

namespace Saas.Platform.Querying;

/// <summary>
/// Checks a <c>$filter</c> and an <c>$orderby</c> against an entity without reading a record: the same parsing, binding
/// and index rules (and so the same messages) as a query, for what stores a query to run later (a shared list view, a
/// pack's view). Nothing is translated to SQL; the pieces are built over an empty source and dropped.
/// </summary>
internal static class QueryCheck
{
    /// <summary>
    /// The problems keyed by <c>filter</c> / <c>orderBy</c>; empty when both would run. <paramref name="entity"/> is the
    /// entity as the asker sees it (for a member, only the fields they may read); without <paramref name="withName"/>
    /// the asker may not read the name.
    /// </summary>
    public static Dictionary<string, string[]> Check(IExpressionCompiler compiler, EntityDefinition entity, string? filter, string? orderBy, bool withName = true)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (fields, scope) = QueryField.Of(entity, withName);
        var access = new RecordAccess(Enumerable.Empty<RecordValue>().AsQueryable());
        if (!string.IsNullOrWhiteSpace(filter))
        {
            try
            {
                RecordFilter.Translate(compiler, filter, scope, access, fields);
            }
            catch (QueryRefusedException ex)
            {
                errors["filter"] = [ex.Message];
            }
        }

        if (!string.IsNullOrWhiteSpace(orderBy))
        {
            try
            {
                SortKey.Parse(orderBy, fields, scope, access);
            }
            catch (QueryRefusedException ex)
            {
                errors["orderBy"] = [ex.Message];
            }
        }

        return errors;
    }

    /// <summary>Whether <paramref name="name"/> names a column a list can show: a system field answered with every record, or a field of the entity.</summary>
    public static string? Column(EntityDefinition entity, string name) =>
        QueryField.Answered.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)) ?? entity.FindField(name)?.ApiName;
}
