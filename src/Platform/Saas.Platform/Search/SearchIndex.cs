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
                await DropFieldsAsync(snapshot, change.Gone, cancellationToken);
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

    /// <summary>Every live record's row again, read and written in batches in the claiming transaction.</summary>
    private async Task RebuildAsync(MetadataSnapshot snapshot, CancellationToken cancellationToken)
    {
        await db.SearchEntries.ExecuteDeleteAsync(cancellationToken);
        var ids = snapshot.Entities.Select(e => e.Id).ToList();
        var count = 0;
        Guid? after = null;
        while (true)
        {
            var query = db.Records.AsNoTracking().Where(r => r.DeletedAt == null && ids.Contains(r.EntityId));
            if (after is { } last)
            {
                query = query.Where(r => r.Id.CompareTo(last) > 0);
            }

            var page = await query.OrderBy(r => r.Id).Take(Batch).Select(r => new Indexed(r.Id, r.EntityId, r.Data)).ToListAsync(cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            await WriteRowsAsync(snapshot, page, cancellationToken);
            count += page.Count;
            after = page[^1].Id;
        }

        logger.LogInformation("Rebuilt the search index of {Records} records at metadata version {Version}", count, snapshot.Version);
    }

    /// <summary>The rows holding a field that is gone, written again without it, so a deleted field's texts leave the index.</summary>
    private async Task DropFieldsAsync(MetadataSnapshot snapshot, IReadOnlyList<Guid> gone, CancellationToken cancellationToken)
    {
        foreach (var key in gone.Select(SearchFields.Key))
        {
            while (await db.SearchEntries.Where(e => e.Fields.Contains(key)).Select(e => e.RecordId).Take(Batch).ToListAsync(cancellationToken) is { Count: > 0 } stale)
            {
                await db.SearchEntries.Where(e => stale.Contains(e.RecordId)).ExecuteDeleteAsync(cancellationToken);
                var records = await db.Records.AsNoTracking().Where(r => r.DeletedAt == null && stale.Contains(r.Id))
                    .Select(r => new Indexed(r.Id, r.EntityId, r.Data)).ToListAsync(cancellationToken);
                await WriteRowsAsync(snapshot, records, cancellationToken);
            }
        }
    }

    private async Task WriteRowsAsync(MetadataSnapshot snapshot, List<Indexed> records, CancellationToken cancellationToken)
    {
        foreach (var record in records)
        {
            if (snapshot.Entities.FirstOrDefault(e => e.Id == record.EntityId) is { } entity && SearchIndexer.Row(entity, record.Id, RecordData.Read(record.Data)) is { } row)
            {
                db.SearchEntries.Add(row);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private sealed record Indexed(Guid Id, Guid EntityId, string Data);
}
