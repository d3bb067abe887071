using System.Text.Json.Nodes;

namespace Saas.Platform.Reports;

/// <summary>
/// What to summarize of an entity's records: those matching <see cref="Filter"/> (a <c>$filter</c>), grouped by a field
/// (dates by <see cref="Interval"/>), each group counted and, with a <see cref="Field"/>, its values aggregated.
/// </summary>
public sealed record ReportRequest(string? GroupBy = null, string? Interval = null, string? Aggregate = null, string? Field = null, string? Filter = null);

/// <summary>
/// One group of a report: its key (a picklist value, <c>true</c>/<c>false</c>, a record or member id, a period such as
/// <c>2026-03</c>; null for records without a value), the key's display name or translated labels, how many records it
/// holds and the aggregate of their <see cref="ReportAnswer.Field"/>.
/// </summary>
public sealed record ReportGroup(JsonNode? Key, string? Name, IReadOnlyDictionary<string, string>? Label, long Count, decimal? Value);

/// <summary>A report's groups and its totals over every matching record; <see cref="More"/> when groups beyond the first ones were left out.</summary>
public sealed record ReportAnswer(
    string Entity, string? GroupBy, string? Interval, string Aggregate, string? Field, IReadOnlyList<ReportGroup> Groups, long Count, decimal? Value, bool More);

public sealed record ReportOutcome(ReportAnswer? Answer, IReadOnlyDictionary<string, string[]>? Errors, bool EntityNotFound, string? Forbidden = null);

/// <summary>The aggregates a report computes over a number field; <c>count</c> needs no field.</summary>
public static class ReportAggregates
{
    public const string Count = "count";
    public const string Sum = "sum";
    public const string Average = "avg";
    public const string Min = "min";
    public const string Max = "max";

    public static readonly IReadOnlyList<string> All = [Count, Sum, Average, Min, Max];
}

/// <summary>The periods a date grouping takes.</summary>
public static class ReportIntervals
{
    public const string Month = "month";
    public const string Quarter = "quarter";
    public const string Year = "year";

    public static readonly IReadOnlyList<string> All = [Month, Quarter, Year];
}
