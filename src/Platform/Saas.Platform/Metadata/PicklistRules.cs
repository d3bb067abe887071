namespace Saas.Platform.Metadata;

internal static class PicklistRules
{
    public static PicklistSettings? Read(string type, PicklistSettingsInput input, string path, Problems problems)
    {
        var valuesPath = Problems.Path(path, "values");
        if (input.Values is not { Count: > 0 } values)
        {
            problems.Add(valuesPath, "Give at least one value.");
            return null;
        }

        if (values.Count > MetadataLimits.PicklistValues)
        {
            problems.Add(valuesPath, $"A {type} may hold at most {MetadataLimits.PicklistValues} values.");
            return null;
        }

        var read = new List<PicklistValue>();
        var firstIndexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            var at = $"{valuesPath}[{i}]";
            if (values[i] is not { } value)
            {
                problems.Add(at, "A value is required here.");
                continue;
            }

            if (MetadataApiName.ValidateValueName(value.ApiName) is { } nameError)
            {
                problems.Add($"{at}.apiName", nameError);
            }
            else if (!firstIndexOf.TryAdd(MetadataApiName.Normalize(value.ApiName!), i))
            {
                problems.Add($"{at}.apiName", $"'{value.ApiName}' is given twice (also at values[{firstIndexOf[MetadataApiName.Normalize(value.ApiName!)]}]); value names are unique in any case.");
            }

            var label = Translations.Read(value.Label, $"{at}.label", MetadataLimits.LabelLength, englishRequired: true, problems);
            var order = value.Order ?? i;
            if (order < 0 || order > MetadataLimits.MaxDisplayOrder)
            {
                problems.Add($"{at}.order", $"The order must be between 0 and {MetadataLimits.MaxDisplayOrder}.");
            }

            var isActive = value.IsActive ?? true;
            if (value.IsDefault == true && !isActive)
            {
                problems.Add($"{at}.isDefault", "An inactive value cannot be the default.");
            }

            read.Add(new PicklistValue(value.ApiName ?? string.Empty, label, order, value.IsDefault ?? false, isActive));
        }

        var defaults = read.Where(v => v.IsDefault).Select(v => v.ApiName).ToList();
        if (type == FieldType.Picklist && defaults.Count > 1)
        {
            problems.Add(valuesPath, $"A picklist has at most one default value; {string.Join(", ", defaults)} are all marked isDefault.");
        }

        return new PicklistSettings([.. read.OrderBy(v => v.Order)]);
    }

    /// <summary>On a change: values stay, because records will hold them; deactivating is the way to retire one.</summary>
    public static void CheckNoValueRemoved(PicklistSettings before, PicklistSettings after, string path, Problems problems)
    {
        var kept = after.Values.Select(v => MetadataApiName.Normalize(v.ApiName)).ToHashSet(StringComparer.Ordinal);
        var removed = before.Values.Where(v => !kept.Contains(MetadataApiName.Normalize(v.ApiName))).Select(v => v.ApiName).ToList();
        if (removed.Count > 0)
        {
            problems.Add(Problems.Path(path, "values"),
                $"Values cannot be removed, because records will hold them: keep {string.Join(", ", removed)} and set isActive to false instead.");
        }
    }
}
