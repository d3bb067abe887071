using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Expressions;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Querying;
using Saas.Platform.Security;
using UUIDNext;

namespace Saas.Platform.Views;

/// <summary>
/// A shared list view as a member sees it: only the columns they may read, and <see cref="Problems"/> (keyed by
/// <c>filter</c> / <c>orderBy</c>) when the view no longer runs for them, say because a field it uses was deleted.
/// </summary>
public sealed record SharedViewResponse(
    Guid Id,
    string Entity,
    string ApiName,
    IReadOnlyDictionary<string, string> Label,
    IReadOnlyList<string> Columns,
    string? Filter,
    string? OrderBy,
    bool Default,
    IReadOnlyDictionary<string, string[]>? Problems,
    DateTimeOffset ModifiedAt)
{
    /// <summary>The label in <paramref name="culture"/> (or its language), else in English.</summary>
    public string LabelIn(string culture) =>
        Label.GetValueOrDefault(culture) ?? Label.FirstOrDefault(l => culture.StartsWith(l.Key, StringComparison.OrdinalIgnoreCase)).Value
            ?? Label.GetValueOrDefault("en") ?? ApiName;
}

/// <summary>The body of <c>PUT /api/shared-views/{entity}/{viewName}</c>: the whole view, which replaces any of that name.</summary>
public sealed record SharedViewRequest(
    Dictionary<string, string?>? Label, IReadOnlyList<string>? Columns, string? Filter, string? OrderBy, bool? Default);

/// <summary>How a save or a delete ended: the view (and whether it is new), or errors keyed by field, or a refusal with its status.</summary>
public sealed record SharedViewOutcome(SharedViewResponse? View, IDictionary<string, string[]>? Errors = null, int Status = 200, string? Detail = null, bool Created = false);

/// <summary>The shared views of an entity, or why the caller may not list them.</summary>
public sealed record SharedViewListing(IReadOnlyList<SharedViewResponse>? Views, int Status = 200, string? Detail = null);

/// <summary>
/// The tenant's shared list views: published by admins (or installed by packs), listed to every member who may read the
/// entity. A view's filter and order are checked as a query would check them, and checked again for each member who
/// lists it, so a field deleted or hidden later shows up as a problem of the view rather than as a failing list.
/// </summary>
internal sealed class SharedViews(TenantDbContext db, CurrentCaller caller, IMetadataService metadata, CallerAccess access, IExpressionCompiler compiler, TimeProvider clock)
{
    public const int MaxViewsPerEntity = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SharedViewListing> ListAsync(string entityName, CancellationToken cancellationToken)
    {
        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return new SharedViewListing(null, 404, $"There is no entity '{entityName}'.");
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        if (permission.Read == RecordScope.None)
        {
            return new SharedViewListing(null, 403, $"You may not read {entity.ApiName} records.");
        }

        var visible = permission.Visible();
        var views = await db.SharedViews.AsNoTracking().Where(v => v.Entity == entity.ApiName).ToListAsync(cancellationToken);
        return new SharedViewListing([.. views.Select(v => ToResponse(v, visible, !permission.NameHidden))
            .OrderByDescending(v => v.Default).ThenBy(v => v.LabelIn(Translations.English), StringComparer.CurrentCultureIgnoreCase)]);
    }

    /// <summary>Creates or replaces the view <paramref name="apiName"/> of the entity; only an admin (or the platform) may.</summary>
    public async Task<SharedViewOutcome> SaveAsync(string entityName, string apiName, SharedViewRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (caller.Value is { Role: not TenantRoles.Admin })
        {
            return new SharedViewOutcome(null, Status: 403, Detail: "Only an admin may publish or change shared views.");
        }

        var snapshot = await metadata.GetSnapshotAsync(cancellationToken);
        if (snapshot.FindEntity(entityName) is not { } entity)
        {
            return new SharedViewOutcome(null, Status: 404, Detail: $"There is no entity '{entityName}'.");
        }

        var permission = await access.PermissionAsync(entity, cancellationToken);
        var (label, columns, errors) = Check(entity, permission, apiName, request);
        if (errors.Count > 0)
        {
            return new SharedViewOutcome(null, errors, 400);
        }

        var view = await db.SharedViews.FirstOrDefaultAsync(v => v.Entity == entity.ApiName && v.ApiName == apiName, cancellationToken);
        var created = view is null;
        if (view is null)
        {
            if (await db.SharedViews.CountAsync(v => v.Entity == entity.ApiName, cancellationToken) >= MaxViewsPerEntity)
            {
                return new SharedViewOutcome(null, new Dictionary<string, string[]> { ["apiName"] = [$"An entity has at most {MaxViewsPerEntity} shared views; delete one first."] }, 400);
            }

            view = New(entity.ApiName, apiName);
            db.SharedViews.Add(view);
        }

        await ApplyAsync(view, label, columns, Blank(request.Filter), Blank(request.OrderBy), request.Default == true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return new SharedViewOutcome(ToResponse(view, permission.Visible(), !permission.NameHidden), Created: created);
    }

    /// <summary>Deletes the view <paramref name="apiName"/> of the entity; only an admin (or the platform) may.</summary>
    public async Task<SharedViewOutcome> DeleteAsync(string entityName, string apiName, CancellationToken cancellationToken)
    {
        if (caller.Value is { Role: not TenantRoles.Admin })
        {
            return new SharedViewOutcome(null, Status: 403, Detail: "Only an admin may delete shared views.");
        }

        if (await db.SharedViews.FirstOrDefaultAsync(v => v.Entity == entityName && v.ApiName == apiName, cancellationToken) is not { } view)
        {
            return new SharedViewOutcome(null, Status: 404, Detail: $"There is no shared view '{apiName}' of '{entityName}'.");
        }

        db.SharedViews.Remove(view);
        await db.SaveChangesAsync(cancellationToken);
        return new SharedViewOutcome(ToResponse(view, null, true), Status: 204);
    }

    /// <summary>The label, the canonical columns and every problem of a view's definition, keyed by field.</summary>
    private (ImmutableSortedDictionary<string, string> Label, List<string> Columns, Dictionary<string, string[]> Errors) Check(
        EntityDefinition entity, EntityPermission permission, string apiName, SharedViewRequest request)
    {
        var problems = new Problems();
        if (MetadataApiName.ValidateValueName(apiName) is { } why)
        {
            problems.Add("apiName", why);
        }
        else if (apiName.Length > SharedView.ApiNameLength)
        {
            problems.Add("apiName", $"An api name has at most {SharedView.ApiNameLength} characters.");
        }

        var label = Translations.Read(request.Label, "label", SharedView.LabelLength, englishRequired: true, problems);
        var visible = permission.Visible();
        var columns = new List<string>();
        foreach (var column in (request.Columns ?? []).Select(c => c?.Trim() ?? string.Empty))
        {
            if (QueryCheck.Column(visible, column) is { } canonical)
            {
                if (!columns.Contains(canonical, StringComparer.Ordinal))
                {
                    columns.Add(canonical);
                }
            }
            else
            {
                problems.Add("columns", $"There is no field '{column}' on {entity.ApiName}");
            }
        }

        var errors = problems.ToDictionary();
        foreach (var (key, messages) in QueryCheck.Check(compiler, visible, request.Filter, request.OrderBy, !permission.NameHidden))
        {
            errors[key] = messages;
        }

        return (label, columns, errors);
    }

    /// <summary>A new, empty view row, for the caller to fill with <see cref="ApplyAsync"/>.</summary>
    internal SharedView New(string entity, string apiName)
    {
        var now = clock.GetUtcNow();
        return new SharedView { Id = Uuid.NewSequential(), Entity = entity, ApiName = apiName, Label = "{}", Columns = string.Empty, CreatedAt = now, ModifiedAt = now };
    }

    /// <summary>Sets a view's definition; a default view takes the flag from the entity's other views (saved by the caller).</summary>
    internal async Task ApplyAsync(
        SharedView view, IReadOnlyDictionary<string, string> label, IReadOnlyList<string> columns, string? filter, string? orderBy, bool isDefault, CancellationToken cancellationToken)
    {
        view.Label = JsonSerializer.Serialize(label, Json);
        view.Columns = string.Join(',', columns);
        view.Filter = filter;
        view.OrderBy = orderBy;
        view.IsDefault = isDefault;
        view.ModifiedAt = clock.GetUtcNow();
        if (isDefault)
        {
            var others = await db.SharedViews.Where(v => v.Entity == view.Entity && v.Id != view.Id && v.IsDefault).ToListAsync(cancellationToken);
            others.ForEach(v => v.IsDefault = false);
        }
    }

    /// <summary>The view for a member who sees <paramref name="visible"/> (null: as stored).</summary>
    private SharedViewResponse ToResponse(SharedView v, EntityDefinition? visible, bool withName)
    {
        var stored = v.Columns.Length == 0 ? [] : v.Columns.Split(',');
        IReadOnlyList<string> columns = visible is null ? stored
            : [.. stored.Select(c => QueryCheck.Column(visible, c)).OfType<string>().Where(c => withName || c != "name")];
        var problems = visible is null ? null : QueryCheck.Check(compiler, visible, v.Filter, v.OrderBy, withName);
        return new SharedViewResponse(
            v.Id, v.Entity, v.ApiName, LabelOf(v.Label), columns, v.Filter, v.OrderBy, v.IsDefault, problems is { Count: > 0 } ? problems : null, v.ModifiedAt);
    }

    internal static IReadOnlyDictionary<string, string> LabelOf(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(json, Json) ?? [];

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
