using System.Collections.Immutable;

namespace Saas.Platform.Search;

/// <summary>Global search over the records of the current tenant, as the current caller may see them.</summary>
public interface ISearchService
{
    Task<SearchOutcome> SearchAsync(SearchRequest request, CancellationToken cancellationToken);
}

/// <summary>The words to find, the number of records per entity (1-50, default 5) and an optional entity api name.</summary>
public sealed record SearchRequest(string? Q, string? Top, string? Entity);

/// <summary>Records that matched, grouped per entity, best group first.</summary>
public sealed record SearchResult(string Query, IReadOnlyList<SearchGroup> Groups);

/// <summary>The best hits of one entity; <see cref="More"/> when more records of it matched than are shown.</summary>
public sealed record SearchGroup(
    string Entity, ImmutableSortedDictionary<string, string> Label, ImmutableSortedDictionary<string, string> PluralLabel, IReadOnlyList<SearchHit> Hits, bool More);

/// <summary>One record: its id, its name (null when the caller may not read the field it copies) and the fields that matched.</summary>
public sealed record SearchHit(Guid Id, string? Name, int Score, IReadOnlyList<SearchFieldHit> Matches);

/// <summary>A matched field with a snippet of its value; <c>Start</c> and <c>Length</c> locate the match in the snippet.</summary>
public sealed record SearchFieldHit(string Field, ImmutableSortedDictionary<string, string> Label, string Text, int Start, int Length);

/// <summary>A result, or validation errors keyed by parameter, or why the caller may not search the named entity.</summary>
public sealed record SearchOutcome(SearchResult? Result, IDictionary<string, string[]>? Errors, string? Forbidden);
