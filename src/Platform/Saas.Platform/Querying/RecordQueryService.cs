using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Querying;

internal sealed class RecordQueryService(
    TenantDbContext db, IMetadataService metadata, IExpressionCompiler compiler, SkipTokens tokens, ITenantAccessor tenants, CallerAccess access) : IRecordQueryService
{
    /// <summary>
    /// Answered from the latest metadata this node knows, without reading the tenant's version first: each statement of
    /// the page holds only while that version is current (<see cref="Guarded"/>). A page that came back full proves it was
    /// (versions only grow, and its last statement found rows). Any other answer reads the version, and is made again
    /// with the new metadata when it changed, so a change made on any node is seen by the next request all the same.
    /// </summary>
    public async Task<RecordQueryOutcome> QueryAsync(string entityName, RecordQuery query, CancellationToken cancellationToken)
    {
        var recent = await metadata.GetRecentSnapshotAsync(cancellationToken);
        var (outcome, full) = await QueryAsync(recent, entityName, query, cancellationToken);
        if (full)
        {
            return outcome;
        }

        var current = await metadata.GetSnapshotAsync(cancellationToken);
        return current.Version == recent.Version ? outcome : (await QueryAsync(current, entityName, query, cancellationToken)).Outcome;
    }

    /// <summary>The outcome, and whether it is a full page (so its statements ran while the snapshot's version was current).</summary>
    private async Task<(RecordQueryOutcome Outcome, bool Full)> QueryAsync(MetadataSnapshot snapshot, string entityName, RecordQuery query, CancellationToken cancellationToken)
    {
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return (new RecordQueryOutcome(null, null, EntityNotFound: true), false);
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (permission.Read == RecordScope.None)
        {
            return (new RecordQueryOutcome(null, null, false, $"You may not read {entity.ApiName} records."), false);
        }

        try
        {
            var readable = await access.FilterAsync(access.Effective(permission.Read, reading: true), cancellationToken);
            var (page, full) = await PageAsync(snapshot, permission, readable, query, cancellationToken);
            return (new RecordQueryOutcome(page, null, false), full);
        }
        catch (QueryRefusedException ex)
        {
            return (RecordQueryOutcome.Refused(ex.Option, ex.Message), false);
        }
    }

    /// <summary>The query sees only the fields the caller may read, so any other is unknown to every option.</summary>
    private async Task<(RecordPage Page, bool Full)> PageAsync(
        MetadataSnapshot snapshot, EntityPermission permission, System.Linq.Expressions.Expression<Func<StoredRecord, bool>>? readable, RecordQuery query, CancellationToken cancellationToken)
    {
        var entity = permission.Visible();
        var options = PageOptions.Parse(query, entity);
        var (fields, scope) = QueryField.Of(entity, withName: !permission.NameHidden);
        var access = new RecordAccess(db.RecordValues);
        var records = Guarded(db.Records.AsNoTracking().Where(r => r.EntityId == entity.Id && r.DeletedAt == null), snapshot.Version);
        if (readable is not null)
        {
            records = records.Where(readable);
        }
        if (!string.IsNullOrWhiteSpace(query.Filter))
        {
            records = records.Where(RecordFilter.Translate(compiler, query.Filter, scope, access, fields));
        }

        int? count = !options.Count ? null
            : query.CountLimit is { } limit ? await records.Take(limit + 1).CountAsync(cancellationToken)
            : await records.CountAsync(cancellationToken);
        var keys = SortKey.Parse(query.OrderBy, fields, scope, access);
        var paging = new KeysetPaging(access, keys);
        var tenantId = tenants.Tenant!.Id;
        var after = string.IsNullOrEmpty(query.SkipToken) ? null : tokens.Read(query.SkipToken, tenantId, entity.Id, query, keys);
        var projection = RecordRow.Projection(access, keys, options.NeedsData);
        var rows = options.Top == 0 ? []
            : (IndexOrderedPage.Serves(keys) ? await IndexOrderedPage.ReadAsync(access, records, readable is not null || !string.IsNullOrWhiteSpace(query.Filter), keys[0], after, options.Top + 1, projection, cancellationToken) : null)
              ?? await paging.Order(after is null ? records : records.Where(paging.After(after))).Select(projection).Take(options.Top + 1).ToListAsync(cancellationToken);
        var page = rows.Take(options.Top).ToList();
        var next = rows.Count > options.Top
            ? tokens.Write(tenantId, entity.Id, query, keys, new PagePosition(page[^1].SortValues, page[^1].Id))
            : null;
        var json = page.Select(r => r.ToJson(entity, options.Select)).ToList();
        if (permission.NameHidden)
        {
            json.Where(r => r.ContainsKey("name")).ToList().ForEach(r => r["name"] = null);
        }

        await ExpandAsync(snapshot, page, json, options.Expand, cancellationToken);
        return (new RecordPage(json, count, next), next is not null);
    }

    /// <summary>The records only while the tenant's metadata is still at <paramref name="version"/>: none once it changed.</summary>
    private IQueryable<StoredRecord> Guarded(IQueryable<StoredRecord> records, long version) =>
        records.Where(_ => db.MetadataVersions.Any(v => v.Version == version));

    /// <summary>
    /// Each expanded lookup becomes <c>{ "id", "name" }</c> of its target, read in one query per lookup field; the name
    /// only of a target the caller may read (its entity, in their scope), so an expansion shows no more than a GET would.
    /// </summary>
    private async Task ExpandAsync(MetadataSnapshot snapshot, List<RecordRow> page, List<JsonObject> json, IReadOnlyList<FieldDefinition> expand, CancellationToken cancellationToken)
    {
        foreach (var field in expand)
        {
            var targets = page.Select(r => RecordData.Read(r.Data!).GetValueOrDefault(field.Id)?.GetValue<string>()).ToList();
            var ids = targets.OfType<string>().Select(Guid.Parse).Distinct().ToList();
            var names = await LookupNames.OfAsync(db, access, snapshot, field, ids, cancellationToken);
            for (var i = 0; i < page.Count; i++)
            {
                json[i][field.ApiName] = targets[i] is { } target
                    ? new JsonObject { ["id"] = target, ["name"] = names.GetValueOrDefault(Guid.Parse(target)) }
                    : null;
            }
        }
    }
}
