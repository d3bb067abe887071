using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Records;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Querying;

internal sealed class RecordQueryService(
    TenantDbContext db, IMetadataService metadata, IExpressionCompiler compiler, SkipTokens tokens, ITenantAccessor tenants) : IRecordQueryService
{
    public async Task<RecordQueryOutcome> QueryAsync(string entityName, RecordQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return new RecordQueryOutcome(null, null, EntityNotFound: true);
        }

        try
        {
            return new RecordQueryOutcome(await PageAsync(entity, query, cancellationToken), null, false);
        }
        catch (QueryRefusedException ex)
        {
            return RecordQueryOutcome.Refused(ex.Option, ex.Message);
        }
    }

    private async Task<RecordPage> PageAsync(EntityDefinition entity, RecordQuery query, CancellationToken cancellationToken)
    {
        var options = PageOptions.Parse(query, entity);
        var (fields, scope) = QueryField.Of(entity);
        var access = new RecordAccess(db.RecordValues);
        var records = db.Records.AsNoTracking().Where(r => r.EntityId == entity.Id && r.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Filter))
        {
            records = records.Where(Filter(query.Filter, scope, access, fields));
        }

        int? count = options.Count ? await records.CountAsync(cancellationToken) : null;
        var keys = SortKey.Parse(query.OrderBy, fields, scope, access);
        var paging = new KeysetPaging(access, keys);
        var tenantId = tenants.Tenant!.Id;
        if (!string.IsNullOrEmpty(query.SkipToken))
        {
            records = records.Where(paging.After(tokens.Read(query.SkipToken, tenantId, entity.Id, query, keys)));
        }

        var rows = options.Top == 0 ? [] : await paging.Order(records)
            .Select(RecordRow.Projection(access, keys, options.NeedsData))
            .Take(options.Top + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(options.Top).ToList();
        var next = rows.Count > options.Top
            ? tokens.Write(tenantId, entity.Id, query, keys, new PagePosition(page[^1].SortValues, page[^1].Id))
            : null;
        var json = page.Select(r => r.ToJson(entity, options.Select)).ToList();
        await ExpandAsync(page, json, options.Expand, cancellationToken);
        return new RecordPage(json, count, next);
    }

    private System.Linq.Expressions.Expression<Func<StoredRecord, bool>> Filter(
        string text, ExpressionScope scope, RecordAccess access, IReadOnlyDictionary<string, QueryField> fields)
    {
        if (text.Length > QueryLimits.MaxOptionLength)
        {
            throw new QueryRefusedException(QueryOptionNames.Filter, $"$filter may have at most {QueryLimits.MaxOptionLength} characters");
        }

        var compiled = compiler.Compile(scope, text, ExpressionType.Boolean);
        return compiled.Expression is { } expression
            ? new FilterTranslator(access, fields).Translate(expression.Root)
            : throw new QueryRefusedException(QueryOptionNames.Filter, compiled.Error!.Message);
    }

    /// <summary>Each expanded lookup becomes <c>{ "id", "name" }</c> of its target, read in one query per lookup field.</summary>
    private async Task ExpandAsync(List<RecordRow> page, List<JsonObject> json, IReadOnlyList<FieldDefinition> expand, CancellationToken cancellationToken)
    {
        foreach (var field in expand)
        {
            var targets = page.Select(r => RecordData.Read(r.Data!).GetValueOrDefault(field.Id)?.GetValue<string>()).ToList();
            var ids = targets.OfType<string>().Select(Guid.Parse).Distinct().ToList();
            var names = await db.Records.AsNoTracking().Where(r => ids.Contains(r.Id) && r.DeletedAt == null)
                .Select(r => new { r.Id, r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken);
            for (var i = 0; i < page.Count; i++)
            {
                json[i][field.ApiName] = targets[i] is { } target
                    ? new JsonObject { ["id"] = target, ["name"] = names.GetValueOrDefault(Guid.Parse(target)) }
                    : null;
            }
        }
    }
}
