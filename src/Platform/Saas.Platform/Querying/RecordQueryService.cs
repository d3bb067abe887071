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
    public async Task<RecordQueryOutcome> QueryAsync(string entityName, RecordQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return new RecordQueryOutcome(null, null, EntityNotFound: true);
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (permission.Read == RecordScope.None)
        {
            return new RecordQueryOutcome(null, null, false, $"You may not read {entity.ApiName} records.");
        }

        try
        {
            var readable = await access.FilterAsync(access.Effective(permission.Read, reading: true), cancellationToken);
            return new RecordQueryOutcome(await PageAsync(snapshot, permission, readable, query, cancellationToken), null, false);
        }
        catch (QueryRefusedException ex)
        {
            return RecordQueryOutcome.Refused(ex.Option, ex.Message);
        }
    }

    /// <summary>The query sees only the fields the caller may read, so any other is unknown to every option.</summary>
    private async Task<RecordPage> PageAsync(
        MetadataSnapshot snapshot, EntityPermission permission, System.Linq.Expressions.Expression<Func<StoredRecord, bool>>? readable, RecordQuery query, CancellationToken cancellationToken)
    {
        var entity = permission.Visible();
        var options = PageOptions.Parse(query, entity);
        var (fields, scope) = QueryField.Of(entity, withName: !permission.NameHidden);
        var access = new RecordAccess(db.RecordValues);
        var records = db.Records.AsNoTracking().Where(r => r.EntityId == entity.Id && r.DeletedAt == null);
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
        return new RecordPage(json, count, next);
    }

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
