using Saas.Platform.Reports;

namespace Saas.Platform.Packs;

/// <summary>
/// A dashboard of <c>dashboards/{apiName}.yaml</c>, in the shape of the dashboards API's body: the label per culture and
/// the widgets (<see cref="DashboardWidget"/>: title per culture, chart, entity and the report's parameters).
/// <see cref="Name"/> is the file's name without <c>.yaml</c>, the dashboard's api name in the tenant; an
/// <see cref="ApiName"/> in the file, when given, must be the same.
/// </summary>
public sealed record PackDashboard(string? ApiName, IReadOnlyDictionary<string, string> Label, IReadOnlyList<DashboardWidget> Widgets)
{
    public string Name { get; init; } = string.Empty;

    public string File { get; init; } = string.Empty;
}
