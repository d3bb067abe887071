using System.Text.Json.Nodes;

namespace Saas.Platform.Querying;

/// <summary>
/// Lists records of the current tenant's entities with OData v4 query options. Filters and sorts run in SQL over the
/// record table and the typed index table, so only indexed fields (and the system fields) can be filtered or sorted.
/// Only records in the caller's read scope are listed, and fields they may not read do not exist for the query.
/// </summary>
public interface IRecordQueryService
{
    /// <summary>One page of the records of <paramref name="entity"/> that match <paramref name="query"/>.</summary>
    Task<RecordQueryOutcome> QueryAsync(string entity, RecordQuery query, CancellationToken cancellationToken);
}

/// <summary>The query options as the client sent them (null when absent); <see cref="SkipToken"/> continues a listing.</summary>
public sealed record RecordQuery(
    string? Filter = null,
    string? OrderBy = null,
    string? Select = null,
    string? Expand = null,
    string? Top = null,
    string? Count = null,
    string? SkipToken = null)
{
    /// <summary>
    /// With <see cref="Count"/>, stop counting past this many: the page's count is then one more than the limit. A list
    /// screen shows "10,000+" as Dynamics 365 does, where counting a million records would cost more than the page.
    /// </summary>
    public int? CountLimit { get; init; }
}

/// <summary>A page: the records as JSON, the total when asked for, and the token of the next page when there is one.</summary>
public sealed record RecordPage(IReadOnlyList<JsonObject> Records, int? Count, string? NextSkipToken);

/// <summary>
/// A page, or the errors keyed by query option (<c>$filter</c>, <c>$orderby</c>, …), or no such entity, or why the
/// caller may not read the entity (<see cref="Forbidden"/>).
/// </summary>
public sealed record RecordQueryOutcome(RecordPage? Page, IReadOnlyDictionary<string, string[]>? Errors, bool EntityNotFound, string? Forbidden = null)
{
    internal static RecordQueryOutcome Refused(string option, string message) => new(null, new Dictionary<string, string[]> { [option] = [message] }, false);
}
