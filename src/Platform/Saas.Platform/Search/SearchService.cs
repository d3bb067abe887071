using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;

namespace Saas.Platform.Search;

/// <summary>
/// Finds records by the text of their fields. A record is found only through a field the caller may read, only when
/// it is live and in the caller's read scope of its entity, and shows only the fields the caller may read. Several
/// words find the records holding every word, in one field or across several (a name and a city), and a field holding
/// the words together ranks first.
/// </summary>
internal sealed class SearchService(TenantDbContext db, IMetadataService metadata, CallerAccess access, SearchIndex index) : ISearchService
{
    public const int MaxLength = 200;
    public const int DefaultTop = 5;
    public const int MaxTop = 50;

    /// <summary>Matching records read per search, shortest texts first; ranking and grouping happen on these.</summary>
    private const int Candidates = 1000;

    private const int TogetherBonus = 10_000;

    public async Task<SearchOutcome> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        var (words, top, only, errors) = Read(request, snapshot);
        if (errors.Count > 0)
        {
            return new SearchOutcome(null, errors, null);
        }

        var searched = new List<Searched>();
        foreach (var entity in only is null ? snapshot.Entities : [only])
        {
            var permission = await access.PermissionAsync(entity, cancellationToken);
            var scope = access.Effective(permission.Read, reading: true);
            if (scope == RecordScope.None && only is not null)
            {
                return new SearchOutcome(null, null, $"You may not read {entity.ApiName} records.");
            }

            var fields = entity.Fields.Where(f => SearchFields.IsSearchable(f) && permission.AccessTo(f.ApiName) != FieldAccess.None).ToList();
            if (scope != RecordScope.None && fields.Count > 0)
            {
                searched.Add(new Searched(entity, permission, scope, fields.ToDictionary(f => f.Id)));
            }
        }

        await index.EnsureCurrentAsync(snapshot, cancellationToken);
        var rows = new List<Candidate>();
        foreach (var group in searched.GroupBy(s => s.Scope))
        {
            rows.AddRange(await CandidatesAsync(words, group.Key, [.. group], cancellationToken));
        }

        return new SearchOutcome(new SearchResult(words, Rank(words, top, searched, rows)), null, null);
    }

    /// <summary>
    /// The texts, field by field, of live records in the scope that hold the words through fields the caller may read:
    /// for several words, each word in one of those fields, and all their texts in those fields (<see cref="Rank"/> keeps
    /// the ones holding a word). The database finds the records whose row holds the words in any field; the fields the
    /// caller may not read are dropped here, with the records found only through them.
    /// </summary>
    private async Task<List<Candidate>> CandidatesAsync(string words, RecordScope scope, List<Searched> searched, CancellationToken cancellationToken)
    {
        var records = db.Records.AsNoTracking().Where(r => r.DeletedAt == null);
        if (await access.FilterAsync(scope, cancellationToken) is { } readable)
        {
            records = records.Where(readable);
        }

        var terms = Terms(words);
        var entries = terms.Length == 1 ? SearchMatch.Matching(db, words) : db.SearchEntries;
        if (terms.Length > 1)
        {
            foreach (var term in terms)
            {
                var holding = SearchMatch.Matching(db, term).Select(e => e.RecordId);
                records = records.Where(r => holding.Contains(r.Id));
            }
        }

        var entityIds = searched.Select(s => s.Entity.Id).ToList();
        var query =
            from e in entries.AsNoTracking()
            where entityIds.Contains(e.EntityId)
            join r in records on e.RecordId equals r.Id
            orderby e.Text.Length, e.Id
            select new { e.EntityId, e.RecordId, e.Fields, e.Text, r.Name };
        var fields = searched.SelectMany(s => s.Fields.Keys).ToHashSet();
        var candidates = new List<Candidate>();
        foreach (var row in await query.Take(Candidates).ToListAsync(cancellationToken))
        {
            var texts = SearchFields.Unpack(row.Fields, row.Text).Where(t => fields.Contains(t.Field)).ToList();
            if (terms.All(term => texts.Exists(t => SearchSnippets.Holds(t.Text, term))))
            {
                candidates.AddRange(texts.Select(t => new Candidate(row.EntityId, row.RecordId, t.Field, t.Text, row.Name)));
            }
        }

        return candidates;
    }

    private static List<SearchGroup> Rank(string words, int top, List<Searched> searched, List<Candidate> rows)
    {
        var terms = Terms(words);
        var byEntity = searched.ToDictionary(s => s.Entity.Id);
        var groups = new List<(int Best, int Order, SearchGroup Group)>();
        foreach (var entityRows in rows.Where(r => byEntity.ContainsKey(r.EntityId)).GroupBy(r => r.EntityId))
        {
            var entity = byEntity[entityRows.Key];
            var nameField = RecordData.NameSource(entity.Entity)?.Id;
            var hits = entityRows.GroupBy(r => r.RecordId)
                .Select(record =>
                {
                    var matches = record.Where(r => entity.Fields.ContainsKey(r.FieldId))
                        .Select(r => (Row: r, Found: Found(r.Text, words, terms)))
                        .Where(m => m.Found is not null)
                        .Select(m => (m.Row, Found: m.Found!, Score: Score(m.Row.Text, m.Found!, words) + (m.Row.FieldId == nameField ? 500 : 0)))
                        .OrderByDescending(m => m.Score).ThenBy(m => entity.Fields[m.Row.FieldId].DisplayOrder)
                        .ToList();
                    if (matches.Count == 0)
                    {
                        return null;
                    }

                    var score = matches[0].Score + (10 * (matches.Count - 1));
                    var name = entity.Permission.NameHidden ? null : record.First().Name;
                    return new SearchHit(record.Key, name, score, [.. matches.Select(m => FieldHit(entity.Fields[m.Row.FieldId], m.Row.Text, m.Found))]);
                })
                .OfType<SearchHit>()
                .OrderByDescending(h => h.Score).ThenBy(h => h.Name, StringComparer.Ordinal).ThenBy(h => h.Id)
                .ToList();
            if (hits.Count == 0)
            {
                continue;
            }

            groups.Add((hits[0].Score, entity.Entity.DisplayOrder, new SearchGroup(
                entity.Entity.ApiName, entity.Entity.Label, entity.Entity.PluralLabel, [.. hits.Take(top)], hits.Count > top)));
        }

        return [.. groups.OrderByDescending(g => g.Best).ThenBy(g => g.Order).ThenBy(g => g.Group.Entity, StringComparer.Ordinal).Select(g => g.Group)];
    }

    private static string[] Terms(string words) => words.Split(' ');

    /// <summary>What a value holds of the search: all the words together, else the longest single word it holds, else null.</summary>
    private static string? Found(string text, string words, string[] terms) =>
        SearchSnippets.Holds(text, words) ? words : terms.Where(t => SearchSnippets.Holds(text, t)).MaxBy(t => t.Length);

    /// <summary>Of several words, a value holding them all together ranks above any value holding only some.</summary>
    private static int Score(string text, string found, string words) =>
        SearchSnippets.Score(text, found) + (found.Length == words.Length && words.Contains(' ', StringComparison.Ordinal) ? TogetherBonus : 0);

    private static SearchFieldHit FieldHit(FieldDefinition field, string text, string words)
    {
        var snippet = SearchSnippets.Cut(text, words);
        return new SearchFieldHit(field.ApiName, field.Label, snippet.Text, snippet.Start, snippet.Length);
    }

    private static (string Words, int Top, EntityDefinition? Only, Dictionary<string, string[]> Errors) Read(SearchRequest request, MetadataSnapshot snapshot)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var words = string.Join(' ', (request.Q ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (words.Length == 0)
        {
            errors["q"] = ["Give the words to search for in q, e.g. ?q=acme."];
        }
        else if (words.Length > MaxLength)
        {
            errors["q"] = [$"q may have at most {MaxLength} characters."];
        }
        else if (words.Any(char.IsControl))
        {
            errors["q"] = ["q may not hold control characters."];
        }

        var top = DefaultTop;
        if (request.Top is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top < 1 || top > MaxTop))
        {
            errors["top"] = [$"top is the number of records per entity, from 1 to {MaxTop}."];
        }

        EntityDefinition? only = null;
        if (!string.IsNullOrEmpty(request.Entity) && (only = snapshot.FindEntity(request.Entity)) is null)
        {
            errors["entity"] = [$"There is no entity '{request.Entity}'."];
        }

        return (words, top, only, errors);
    }

    private sealed record Searched(EntityDefinition Entity, EntityPermission Permission, RecordScope Scope, Dictionary<Guid, FieldDefinition> Fields);

    private sealed record Candidate(Guid EntityId, Guid RecordId, Guid FieldId, string Text, string? Name);
}
