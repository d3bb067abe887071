namespace Saas.Platform.Querying;

/// <summary>The OData system query options the endpoint understands, as the query string spells them.</summary>
internal static class QueryOptionNames
{
    public const string Filter = "$filter";
    public const string OrderBy = "$orderby";
    public const string Select = "$select";
    public const string Expand = "$expand";
    public const string Top = "$top";
    public const string Count = "$count";
    public const string SkipToken = "$skiptoken";

    public static readonly IReadOnlyList<string> All = [Filter, OrderBy, Select, Expand, Top, Count, SkipToken];
}

/// <summary>Unwinds a translation that meets something it refuses; the service answers it as a 400 keyed by the option.</summary>
internal sealed class QueryRefusedException(string option, string reason) : Exception(reason)
{
    public string Option => option;
}

/// <summary>The published limits of a query.</summary>
internal static class QueryLimits
{
    public const int DefaultTop = 50;
    public const int MaxTop = 1000;
    public const int MaxInValues = 1000;
    public const int MaxOptionLength = 4000;
}
