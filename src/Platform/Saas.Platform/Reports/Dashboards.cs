using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Saas.Platform.Metadata;
using Saas.Platform.Persistence;
using Saas.Platform.Querying;
using UUIDNext;

namespace Saas.Platform.Reports;

/// <summary>
/// One widget of a dashboard: a report of <see cref="Entity"/> (the parameters of <c>GET /api/reports/{entity}</c>) shown
/// as a <see cref="Chart"/>: <c>metric</c> (one number, no grouping), <c>bar</c>, <c>line</c> or <c>pie</c> (grouped).
/// </summary>
public sealed record DashboardWidget(
    IReadOnlyDictionary<string, string>? Title, string? Chart, string? Entity,
    string? GroupBy = null, string? Interval = null, string? Aggregate = null, string? Field = null, string? Filter = null);

/// <summary>The body of creating or replacing a dashboard.</summary>
public sealed record DashboardRequest(string? ApiName, IReadOnlyDictionary<string, string>? Label, IReadOnlyList<DashboardWidget?>? Widgets);

public sealed record DashboardResponse(Guid Id, string ApiName, IReadOnlyDictionary<string, string> Label, IReadOnlyList<DashboardWidget> Widgets, DateTimeOffset ModifiedAt);

/// <summary>A widget with its report as the caller sees it, or why the caller gets none (e.g. they may not read the entity).</summary>
public sealed record WidgetData(DashboardWidget Widget, ReportAnswer? Report, string? Error);

public sealed record DashboardData(Guid Id, string ApiName, IReadOnlyDictionary<string, string> Label, IReadOnlyList<WidgetData> Widgets);

/// <summary>How a save or a delete ended: the dashboard, or errors keyed by JSON path, or a refusal with its status.</summary>
public sealed record DashboardOutcome(DashboardResponse? Dashboard, IDictionary<string, string[]>? Errors = null, int Status = 200, string? Detail = null);

/// <summary>The charts a widget draws.</summary>
public static class DashboardCharts
{
    public const string Metric = "metric";
    public const string Bar = "bar";
    public const string Line = "line";
    public const string Pie = "pie";

    public static readonly IReadOnlyList<string> All = [Metric, Bar, Line, Pie];
}

/// <summary>
/// The tenant's dashboards: admins define them, every member opens them, and each widget's report runs as the member
/// who looks, so a dashboard never shows more than its viewer could query. A widget is checked when it is saved by
/// running its report as the admin saving it.
/// </summary>
internal sealed class Dashboards(TenantDbContext db, ReportService reports, TimeProvider clock)
{
    public const int MaxWidgets = 20;
    private const int MaxLabelLength = 100;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IReadOnlyList<DashboardResponse>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await db.Dashboards.AsNoTracking().ToListAsync(cancellationToken)).OrderBy(d => d.ApiName, StringComparer.Ordinal).Select(ToResponse)];

    public async Task<DashboardResponse?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Dashboards.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken) is { } dashboard ? ToResponse(dashboard) : null;

    /// <summary>Each widget's report as the caller sees it; null for an unknown dashboard.</summary>
    public async Task<DashboardData?> DataAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } dashboard)
        {
            return null;
        }

        var widgets = new List<WidgetData>();
        foreach (var widget in dashboard.Widgets)
        {
            var outcome = await reports.RunAsync(widget.Entity!, RequestOf(widget), cancellationToken);
            widgets.Add(new WidgetData(widget, outcome.Answer, outcome.Answer is not null ? null
                : outcome.Forbidden ?? (outcome.EntityNotFound ? $"There is no entity '{widget.Entity}'." : string.Join(" ", outcome.Errors!.SelectMany(e => e.Value)))));
        }

        return new DashboardData(dashboard.Id, dashboard.ApiName, dashboard.Label, widgets);
    }

    /// <summary>Creates a dashboard, or replaces the one <paramref name="id"/> names.</summary>
    public async Task<DashboardOutcome> SaveAsync(Guid? id, DashboardRequest request, CancellationToken cancellationToken)
    {
        var existing = id is { } known ? await db.Dashboards.FirstOrDefaultAsync(d => d.Id == known, cancellationToken) : null;
        if (id is not null && existing is null)
        {
            return new DashboardOutcome(null, Status: 404, Detail: "There is no such dashboard.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var apiName = existing?.ApiName ?? request.ApiName;
        if (existing is not null && request.ApiName is not null && request.ApiName != existing.ApiName)
        {
            errors["apiName"] = ["A dashboard's apiName never changes."];
        }
        else if (MetadataApiName.ValidateValueName(apiName) is { } badName)
        {
            errors["apiName"] = [badName];
        }
        else if (existing is null && await db.Dashboards.AnyAsync(d => d.ApiName == apiName, cancellationToken))
        {
            return new DashboardOutcome(null, Status: 409, Detail: $"A dashboard named '{apiName}' exists already.");
        }

        var widgets = request.Widgets ?? [];
        CheckShape(request.Label, widgets, errors);
        for (var i = 0; i < Math.Min(widgets.Count, MaxWidgets); i++)
        {
            if (widgets[i] is { Entity: { Length: > 0 } } widget)
            {
                await CheckReportAsync(widget, $"widgets[{i}]", errors, cancellationToken);
            }
        }

        if (errors.Count > 0)
        {
            return new DashboardOutcome(null, errors, 400);
        }

        var now = clock.GetUtcNow();
        var dashboard = existing ?? db.Dashboards.Add(new Dashboard
        {
            Id = Uuid.NewSequential(), ApiName = apiName!, Label = string.Empty, Widgets = string.Empty, CreatedAt = now, ModifiedAt = now,
        }).Entity;
        dashboard.Label = JsonSerializer.Serialize(request.Label, Json);
        dashboard.Widgets = JsonSerializer.Serialize(widgets, Json);
        dashboard.ModifiedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return new DashboardOutcome(ToResponse(dashboard), Status: existing is null ? 201 : 200);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken) =>
        await db.Dashboards.Where(d => d.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// What a dashboard must be whatever the tenant's metadata: an English label, 1 to <see cref="MaxWidgets"/> widgets,
    /// each with an English title, a known chart (a metric without groupBy, the others with one) and an entity. Errors are
    /// keyed by JSON path (<c>widgets[2].chart</c>); a pack's dashboards are checked with the same rules.
    /// </summary>
    internal static void CheckShape(IReadOnlyDictionary<string, string>? label, IReadOnlyList<DashboardWidget?> widgets, Dictionary<string, string[]> errors)
    {
        CheckTexts(label, "label", errors);
        if (widgets.Count is 0 or > MaxWidgets)
        {
            errors["widgets"] = [$"A dashboard has 1 to {MaxWidgets} widgets."];
        }

        for (var i = 0; i < Math.Min(widgets.Count, MaxWidgets); i++)
        {
            CheckWidgetShape(widgets[i], $"widgets[{i}]", errors);
        }
    }

    /// <summary>The path of a widget's report parameter: <c>$filter</c> is the widget's <c>filter</c>.</summary>
    internal static string ParameterPath(string widgetPath, string parameter) =>
        $"{widgetPath}.{(parameter is QueryOptionNames.Filter or "filter" ? "filter" : parameter)}";

    /// <summary>The report as a request of the reports service.</summary>
    internal static ReportRequest RequestOf(DashboardWidget widget) => new(widget.GroupBy, widget.Interval, widget.Aggregate, widget.Field, widget.Filter);

    private static void CheckWidgetShape(DashboardWidget? widget, string path, Dictionary<string, string[]> errors)
    {
        if (widget is null)
        {
            errors[path] = ["A widget is an object."];
            return;
        }

        CheckTexts(widget.Title, $"{path}.title", errors);
        if (widget.Chart is not { } chart || !DashboardCharts.All.Contains(chart))
        {
            errors[$"{path}.chart"] = [$"The chart must be one of: {string.Join(", ", DashboardCharts.All)}."];
        }
        else if ((chart == DashboardCharts.Metric) != (widget.GroupBy is null))
        {
            errors[$"{path}.groupBy"] = [chart == DashboardCharts.Metric
                ? "A metric shows one number: drop groupBy, or draw a bar, line or pie chart."
                : $"A {chart} chart needs a groupBy field."];
        }

        if (string.IsNullOrEmpty(widget.Entity))
        {
            errors[$"{path}.entity"] = ["The entity whose records the widget reports is required."];
        }
    }

    /// <summary>A widget's report runs as the admin saving it: an unknown entity, or the report's own refusals, by path.</summary>
    private async Task CheckReportAsync(DashboardWidget widget, string path, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var outcome = await reports.RunAsync(widget.Entity!, RequestOf(widget), cancellationToken);
        if (outcome.EntityNotFound)
        {
            errors[$"{path}.entity"] = [$"There is no entity '{widget.Entity}'."];
        }

        foreach (var (parameter, messages) in outcome.Errors ?? new Dictionary<string, string[]>())
        {
            errors[ParameterPath(path, parameter)] = messages;
        }
    }

    private static void CheckTexts(IReadOnlyDictionary<string, string>? texts, string path, Dictionary<string, string[]> errors)
    {
        if (texts is null || !texts.TryGetValue("en", out var english) || string.IsNullOrWhiteSpace(english))
        {
            errors[$"{path}.en"] = ["An English text is required."];
            return;
        }

        foreach (var (culture, text) in texts)
        {
            if (text is null || text.Length > MaxLabelLength)
            {
                errors[$"{path}.{culture}"] = [$"A text of 1 to {MaxLabelLength} characters is required."];
            }
        }
    }

    private static DashboardResponse ToResponse(Dashboard dashboard) => new(
        dashboard.Id, dashboard.ApiName,
        JsonSerializer.Deserialize<Dictionary<string, string>>(dashboard.Label, Json)!,
        JsonSerializer.Deserialize<List<DashboardWidget>>(dashboard.Widgets, Json)!,
        dashboard.ModifiedAt);
}
