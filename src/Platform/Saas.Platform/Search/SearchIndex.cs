using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;

namespace Saas.Platform.Search;

/// <summary>
/// Keeps the tenant's search index in step with its metadata. The write observer keeps rows current record by record;
/// this builds the index the first time a tenant searches (records written before search existed), and again after a
/// metadata change that alters what existing rows hold (a type change, new picklist labels, a field back from deletion).
/// </summary>
internal sealed class SearchIndex(TenantDbContext db, TimeProvider clock, ILogger<SearchIndex> logger)
{
    private const int Batch = 500;

    /// <summary>Makes the index current for <paramref name="snapshot"/>; cheap (one small read) when it already is.</summary>
    public async Task EnsureCurrentAsync(MetadataSnapshot snapshot, CancellationToken cancellationToken)
    {
        var state = await db.SearchIndexStates.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (state is not null && state.Format == SearchFields.Format && state.MetadataVersion == snapshot.Version)
        {
            return;
        }

        var change = state is null || state.Format != SearchFields.Format ? null : SearchFields.Compare(SearchFields.Parse(state.Fields), snapshot);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var rebuild = change is not { Rebuild: false };
            await ClaimAsync(state, snapshot, change, rebuild, cancellationToken);
            if (rebuild)
            {
                await RebuildAsync(snapshot, cancellationToken);
            }
            else if (change!.Gone.Count > 0)
            {
                await db.SearchEntries.Where(e => change.Gone.Contains(e.FieldId)).ExecuteDeleteAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Another search claimed the same state first and does the work; this one searches what is there.
            logger.LogInformation(ex, "Search index of the tenant is being brought up to date by another request");
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Writes the new state first, so a concurrent rebuild collides on its key or version and backs off.</summary>
    private async Task ClaimAsync(SearchIndexState? stored, MetadataSnapshot snapshot, SignatureChange? change, bool rebuild, CancellationToken cancellationToken)
    {
        var fields = SearchFields.Write(change?.Signatures ?? SearchFields.Signatures(snapshot));
        if (stored is null)
        {
            db.SearchIndexStates.Add(new SearchIndexState { Format = SearchFields.Format, MetadataVersion = snapshot.Version, Fields = fields, BuiltAt = clock.GetUtcNow(), Version = 1 });
        }
        else
        {
            db.SearchIndexStates.Attach(stored);
            stored.Format = SearchFields.Format;
            stored.MetadataVersion = snapshot.Version;
            stored.Fields = fields;
            stored.BuiltAt = rebuild ? clock.GetUtcNow() : stored.BuiltAt;
            stored.Version++;
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Every live record's rows again, read and written in batches in the claiming transaction.</summary>
    private async Task RebuildAsync(MetadataSnapshot snapshot, CancellationToken cancellationToken)
    {
        await db.SearchEntries.ExecuteDeleteAsync(cancellationToken);
        var entities = snapshot.Entities.ToDictionary(e => e.Id);
        var ids = entities.Keys.ToList();
        var count = 0;
        Guid? after = null;
        while (true)
        {
            var query = db.Records.AsNoTracking().Where(r => r.DeletedAt == null && ids.Contains(r.EntityId));
            if (after is { } last)
            {
                query = query.Where(r => r.Id.CompareTo(last) > 0);
            }

            var page = await query.OrderBy(r => r.Id).Take(Batch).Select(r => new { r.Id, r.EntityId, r.Data }).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var record in page)
            {
                db.SearchEntries.AddRange(SearchIndexer.Rows(entities[record.EntityId], record.Id, RecordData.Read(record.Data)));
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            count += page.Count;
            after = page[^1].Id;
        }

        logger.LogInformation("Rebuilt the search index of {Records} records at metadata version {Version}", count, snapshot.Version);
    }
}
