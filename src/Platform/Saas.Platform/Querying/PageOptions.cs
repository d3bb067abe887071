using System.Globalization;
using Saas.Platform.Metadata;

namespace Saas.Platform.Querying;

/// <summary>The options that shape a page rather than choose its records: <c>$top</c>, <c>$count</c>, <c>$select</c>, <c>$expand</c>.</summary>
internal sealed record PageOptions(int Top, bool Count, IReadOnlyList<string>? Select, IReadOnlyList<FieldDefinition> Expand)
{
    public static PageOptions Parse(RecordQuery query, EntityDefinition entity)
    {
        var top = DefaultTopOr(query.Top);
        var count = query.Count?.Trim().ToLowerInvariant() switch
        {
            null or "false" => false,
            "true" => true,
            _ => throw new QueryRefusedException(QueryOptionNames.Count, "$count is true or false"),
        };
        return new PageOptions(top, count, Selected(query.Select, entity), Expanded(query.Expand, entity));
    }

    /// <summary>Whether the answer needs the record's JSON document: only for the entity's own fields.</summary>
    public bool NeedsData => Select is null || Expand.Count > 0 || Select.Any(name => !QueryField.Answered.Contains(name));

    private static int DefaultTopOr(string? text)
    {
        if (text is null)
        {
            return QueryLimits.DefaultTop;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top <= QueryLimits.MaxTop
            ? top
            : throw new QueryRefusedException(QueryOptionNames.Top, $"$top is a whole number from 0 to {QueryLimits.MaxTop}");
    }

    private static List<string>? Selected(string? text, EntityDefinition entity)
    {
        if (text is null || text.Trim() == "*")
        {
            return null;
        }

        var selected = new List<string>();
        foreach (var name in Names(text, QueryOptionNames.Select))
        {
            var canonical = QueryField.Answered.FirstOrDefault(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase))
                ?? entity.FindField(name)?.ApiName
                ?? throw new QueryRefusedException(QueryOptionNames.Select, $"There is no field '{name}' on {entity.ApiName}");
            if (!selected.Contains(canonical))
            {
                selected.Add(canonical);
            }
        }

        return selected;
    }

    private static List<FieldDefinition> Expanded(string? text, EntityDefinition entity)
    {
        if (text is null)
        {
            return [];
        }

        return [.. Names(text, QueryOptionNames.Expand).Select(name => entity.FindField(name) is { Type: FieldType.Lookup } lookup
            ? lookup
            : throw new QueryRefusedException(QueryOptionNames.Expand, $"'{name}' is not a lookup field of {entity.ApiName}; $expand takes lookup field names, such as $expand=account"))
            .DistinctBy(f => f.Id)];
    }

    private static string[] Names(string text, string option)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Any(n => n.Length == 0 || !n.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            throw new QueryRefusedException(option, $"{option} is a comma-separated list of field names, such as {option}=title,amount");
        }

        return names;
    }
}
