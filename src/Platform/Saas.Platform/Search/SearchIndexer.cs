using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;

namespace Saas.Platform.Search;

/// <summary>
/// Keeps the search row of a record current on every write path, inside the write's transaction: a live record's row
/// is replaced by one of its new values (an update that changes none of its searched texts leaves it); a deleted or
/// purged record has none (a restore writes it again).
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
            if (Row(write.Entity, write.RecordId, values) is { } row)
            {
                // Staged, not tracked: the write path inserts it with the record's other new rows (AddedRows).
                AddedRows.Stage(db, row);
            }
        }
    }

    private static bool SameTexts(EntityDefinition entity, IReadOnlyDictionary<Guid, JsonNode?> before, IReadOnlyDictionary<Guid, JsonNode?> after) =>
        SearchFields.Texts(entity, before).Select(t => (t.Field.Id, t.Text)).SequenceEqual(SearchFields.Texts(entity, after).Select(t => (t.Field.Id, t.Text)));

    /// <summary>The record's search row, or none when no searched field has a value.</summary>
    public static SearchEntry? Row(EntityDefinition entity, Guid recordId, IReadOnlyDictionary<Guid, JsonNode?> values)
    {
        var (fields, text) = SearchFields.Pack(SearchFields.Texts(entity, values));
        return fields.Length == 0 ? null : new SearchEntry { EntityId = entity.Id, RecordId = recordId, Fields = fields, Text = text };
    }
}
