using Microsoft.EntityFrameworkCore;
using Saas.Platform.Access;
using Saas.Platform.Persistence;
using Saas.Platform.Querying;
using UUIDNext;

namespace Saas.Platform.Views;

/// <summary>A saved list view as the API shows it.</summary>
public sealed record SavedViewResponse(Guid Id, string Entity, string Name, string? Filter, string? OrderBy, IReadOnlyList<string> Columns, DateTimeOffset ModifiedAt);

/// <summary>The body of <c>POST /api/views/{entity}</c>: saving under a name the member used already replaces that view.</summary>
public sealed record SavedViewRequest(string? Name, string? Filter, string? OrderBy, IReadOnlyList<string>? Columns);

/// <summary>How a save or a delete ended: the view, or errors keyed by field, or a refusal with its status.</summary>
public sealed record SavedViewOutcome(SavedViewResponse? View, IDictionary<string, string[]>? Errors = null, int Status = 200, string? Detail = null);

/// <summary>
/// Each member's saved list views, per entity, visible to that member only. A view's filter and order are checked by the
/// query service as the member, so a view never holds what its owner could not ask for.
/// </summary>
internal sealed class SavedViews(TenantDbContext db, CurrentCaller caller, IRecordQueryService queries, TimeProvider clock)
{
    private const int MaxViewsPerEntity = 100;

    /// <summary>The caller's views of the entity, by name; none for an API key (views belong to people).</summary>
    public async Task<IReadOnlyList<SavedViewResponse>> ListAsync(string entity, CancellationToken cancellationToken)
    {
        if (caller.Value?.UserId is not { } userId)
        {
            return [];
        }

        var views = await db.SavedViews.AsNoTracking().Where(v => v.UserId == userId && v.Entity == entity).ToListAsync(cancellationToken);
        return [.. views.OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase).Select(ToResponse)];
    }

    /// <summary>Saves the view under its name, replacing the member's view of that name if there is one.</summary>
    public async Task<SavedViewOutcome> SaveAsync(string entity, SavedViewRequest request, CancellationToken cancellationToken)
    {
        if (Refusal() is { } refused)
        {
            return refused;
        }

        var userId = caller.Value!.UserId!.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > SavedView.NameLength)
        {
            errors["name"] = [$"A name of 1 to {SavedView.NameLength} characters is required."];
        }

        var columns = (request.Columns ?? []).Select(c => c?.Trim()).OfType<string>().Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var check = await queries.QueryAsync(entity, new RecordQuery(Blank(request.Filter), Blank(request.OrderBy), columns.Count == 0 ? null : string.Join(',', columns), Top: "1"), cancellationToken);
        if (check.EntityNotFound)
        {
            return new SavedViewOutcome(null, Status: 404, Detail: $"There is no entity '{entity}'.");
        }

        if (check.Forbidden is { } forbidden)
        {
            return new SavedViewOutcome(null, Status: 403, Detail: forbidden);
        }

        foreach (var (option, messages) in check.Errors ?? new Dictionary<string, string[]>())
        {
            errors[option switch { "$filter" => "filter", "$orderby" => "orderBy", "$select" => "columns", _ => option }] = messages;
        }

        if (errors.Count > 0)
        {
            return new SavedViewOutcome(null, errors, 400);
        }

        var now = clock.GetUtcNow();
        var view = await db.SavedViews.FirstOrDefaultAsync(v => v.UserId == userId && v.Entity == entity && v.Name == name, cancellationToken);
        if (view is null)
        {
            if (await db.SavedViews.CountAsync(v => v.UserId == userId && v.Entity == entity, cancellationToken) >= MaxViewsPerEntity)
            {
                return new SavedViewOutcome(null, new Dictionary<string, string[]> { ["name"] = [$"A member keeps at most {MaxViewsPerEntity} views per entity; delete one first."] }, 400);
            }

            view = new SavedView { Id = Uuid.NewSequential(), UserId = userId, Entity = entity, Name = name!, Columns = string.Empty, CreatedAt = now, ModifiedAt = now };
            db.SavedViews.Add(view);
        }

        view.Filter = Blank(request.Filter);
        view.OrderBy = Blank(request.OrderBy);
        view.Columns = string.Join(',', columns);
        view.ModifiedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new SavedViewOutcome(ToResponse(view));
    }

    /// <summary>Deletes one of the caller's views; another member's view is as unknown as a missing one.</summary>
    public async Task<SavedViewOutcome> DeleteAsync(string entity, Guid viewId, CancellationToken cancellationToken)
    {
        if (Refusal() is { } refused)
        {
            return refused;
        }

        var userId = caller.Value!.UserId!.Value;
        if (await db.SavedViews.FirstOrDefaultAsync(v => v.Id == viewId && v.UserId == userId && v.Entity == entity, cancellationToken) is not { } view)
        {
            return new SavedViewOutcome(null, Status: 404, Detail: $"You have no view {viewId} of '{entity}'.");
        }

        db.SavedViews.Remove(view);
        await db.SaveChangesAsync(cancellationToken);
        return new SavedViewOutcome(ToResponse(view), Status: 204);
    }

    /// <summary>
    /// Views belong to people: an API key has none. A read-only member may keep views too: a view is their own, changes
    /// nothing anyone else sees, and saving one asks the query service as them, so it needs the read permission.
    /// </summary>
    private SavedViewOutcome? Refusal() => caller.Value switch
    {
        null or { UserId: null } => new SavedViewOutcome(null, Status: 403, Detail: "Saved views belong to people signed in; API keys have none."),
        _ => null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static SavedViewResponse ToResponse(SavedView v) =>
        new(v.Id, v.Entity, v.Name, v.Filter, v.OrderBy, v.Columns.Length == 0 ? [] : v.Columns.Split(','), v.ModifiedAt);
}
