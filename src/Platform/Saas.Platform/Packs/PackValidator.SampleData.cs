using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Packs;

public sealed partial class PackValidator
{
    private static void CheckSampleData(PackDefinition pack, PackScope scope, List<PackProblem> problems)
    {
        var keys = pack.SampleData.ToDictionary(
            t => t.Entity, t => t.Rows.Select(r => r.GetValueOrDefault(PackFiles.KeyColumn)).OfType<string>().ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var table in pack.SampleData)
        {
            if (pack.Entities.FirstOrDefault(e => e.ApiName == table.Entity && !e.Extends) is not { } entity)
            {
                problems.Add(new(table.File, string.Empty, $"This pack has no entity '{table.Entity}'; sample data fills the pack's own entities."));
                continue;
            }

            var columns = new List<(string Column, PackField? Field)>();
            for (var c = 0; c < table.Columns.Count; c++)
            {
                var column = table.Columns[c];
                var field = entity.Fields.FirstOrDefault(f => f.ApiName == column);
                if (columns.Any(x => x.Column == column))
                {
                    problems.Add(new(table.File, $"columns[{c}]", $"The column '{column}' is given twice."));
                }
                else if (column != PackFiles.KeyColumn && field is null)
                {
                    problems.Add(new(table.File, $"columns[{c}]", $"The entity '{entity.ApiName}' has no field '{column}' (the first line names fields, and {PackFiles.KeyColumn} a row's key)."));
                }
                else if (field is { Type: Owner or AutoNumber or Formula })
                {
                    problems.Add(new(table.File, $"columns[{c}]", $"'{column}' is a {field.Type} field, filled by the platform; leave it out."));
                }
                else if (field is { Type: Lookup } && field.Target != entity.ApiName && !keys.ContainsKey(field.Target!))
                {
                    problems.Add(new(table.File, $"columns[{c}]", $"The lookup '{column}' points to '{field.Target}', which has no sample data in this pack to refer to."));
                }
                else
                {
                    columns.Add((column, field));
                }
            }

            foreach (var missing in entity.Fields.Where(f => f.Required == true && f.Default is null && f.Type is not (AutoNumber or Formula or Owner) && !table.Columns.Contains(f.ApiName)))
            {
                problems.Add(new(table.File, "columns", $"The required field '{missing.ApiName}' has no column."));
            }

            CheckRows(table, columns, keys, scope, problems);
        }

        if (PackSampleData.Order(pack) is null)
        {
            problems.Add(new(PackFiles.DataFolder, string.Empty, "The sample data's lookups point in a cycle (or an entity to itself); leave one side empty."));
        }
    }

    private static void CheckRows(
        PackTable table, List<(string Column, PackField? Field)> columns, Dictionary<string, HashSet<string>> keys, PackScope scope, List<PackProblem> problems)
    {
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var line = $"rows[{r}] (line {r + 2})";
            if (row.GetValueOrDefault(PackFiles.KeyColumn) is { } key && !seenKeys.Add(key))
            {
                problems.Add(new(table.File, $"{line}.{PackFiles.KeyColumn}", $"The key '{key}' is given twice."));
            }

            foreach (var (column, field) in columns)
            {
                if (field is null || row.GetValueOrDefault(column) is not { } text)
                {
                    if (field is { Required: true, Default: null })
                    {
                        problems.Add(new(table.File, $"{line}.{column}", $"'{column}' is required."));
                    }

                    continue;
                }

                if (field.Type == Lookup)
                {
                    if (keys.GetValueOrDefault(field.Target!)?.Contains(text) != true)
                    {
                        problems.Add(new(table.File, $"{line}.{column}", $"There is no row with {PackFiles.KeyColumn} '{text}' in {PackFiles.DataFolder}/{field.Target}.csv."));
                    }
                }
                else if (PackSampleData.Convert(field, text, scope.Picklist(field.Picklist)).Error is { } error)
                {
                    problems.Add(new(table.File, $"{line}.{column}", error));
                }
            }
        }

    }
}
