using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;

namespace Saas.Platform.Search;

/// <summary>
/// Keeps the search rows of a record current on every write path, inside the write's transaction: a live record's rows
/// are replaced by those of its new values (an update that changes none of its searched texts leaves them); a deleted
/// or purged record has none (a restore writes them again).
/// </summary>
internal sealed class SearchIndexer(TenantDbContext db) : IRecordWriteObserver
{
    public async Task OnWrittenAsync(RecordWrite write, CancellationToken cancellationToken)
    {
        if (write is { Kind: RecordWriteKind.Updated, Before: { } before, After: { } after } && SameTexts(write.Entity, before, after))
        {
            return; // an update of fields that are not searched (a workflow's field updates, most often) leaves the rows as they are
        }

        if (write.Kind is not RecordWriteKind.Created)
        {
            await db.SearchEntries.Where(e => e.RecordId == write.RecordId).ExecuteDeleteAsync(cancellationToken);
        }

        if (write.After is { } values)
        {
            // Staged, not tracked: the write path inserts them with the record's other new rows (AddedRows).
            AddedRows.Stage(db, Rows(write.Entity, write.RecordId, values));
        }
    }

    private static bool SameTexts(EntityDefinition entity, IReadOnlyDictionary<Guid, JsonNode?> before, IReadOnlyDictionary<Guid, JsonNode?> after) =>
        SearchFields.Texts(entity, before).Select(t => (t.Field.Id, t.Text)).SequenceEqual(SearchFields.Texts(entity, after).Select(t => (t.Field.Id, t.Text)));

    public static IEnumerable<SearchEntry> Rows(EntityDefinition entity, Guid recordId, IReadOnlyDictionary<Guid, JsonNode?> values) =>
        SearchFields.Texts(entity, values).Select(t => new SearchEntry
        {
            EntityId = entity.Id,
            RecordId = recordId,
            FieldId = t.Field.Id,
            Text = t.Text,
        });
}
