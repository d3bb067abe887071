using System.Collections.Immutable;

namespace Saas.Platform.Metadata;

/// <summary>A field as it will be stored once the request is applied.</summary>
internal sealed record FieldDraft(
    string ApiName,
    ImmutableSortedDictionary<string, string> Label,
    ImmutableSortedDictionary<string, string> HelpText,
    string Type,
    FlagValues Flags,
    int DisplayOrder,
    FieldSettings? Settings,
    Guid? TargetEntityId,
    string? DefaultValue);

/// <summary>Validates a new field, or a change over an existing one, adding every problem under <c>prefix</c>.</summary>
internal sealed class FieldValidator(FieldSettingsReader settingsReader)
{
    public async Task<FieldDraft?> ValidateAsync(FieldRequest request, StoredField? existing, string prefix, Problems problems, CancellationToken cancellationToken)
    {
        var apiName = ApiName(request, existing, prefix, problems);
        var type = Type(request, existing, prefix, problems);
        var label = request.Label is null && existing is not null
            ? MetadataJson.ReadTexts(existing.Label)
            : Translations.Read(request.Label, Problems.Path(prefix, "label"), MetadataLimits.LabelLength, englishRequired: true, problems);
        var helpText = request.HelpText is null && existing is not null
            ? MetadataJson.ReadTexts(existing.HelpText)
            : Translations.Read(request.HelpText, Problems.Path(prefix, "helpText"), MetadataLimits.HelpTextLength, englishRequired: false, problems);
        var displayOrder = request.DisplayOrder ?? existing?.DisplayOrder ?? 0;
        if (displayOrder < 0 || displayOrder > MetadataLimits.MaxDisplayOrder)
        {
            problems.Add(Problems.Path(prefix, "displayOrder"), $"The displayOrder must be between 0 and {MetadataLimits.MaxDisplayOrder}.");
        }

        if (type is null)
        {
            return null;
        }

        var settingsPath = Problems.Path(prefix, "settings");
        var settings = request.Settings is null && existing is not null && existing.Type == type
            ? new SettingsResult(MetadataJson.ReadSettings(existing.Type, existing.Settings), existing.TargetEntityId)
            : await settingsReader.ReadAsync(type, request.Settings, settingsPath, problems, cancellationToken);
        if (existing is not null && request.Settings is not null && existing.Type == type)
        {
            CheckSettingsChange(existing, settings, settingsPath, problems);
        }

        var flags = FieldFlags.Resolve(type, request, existing, prefix, problems);
        var defaultValue = DefaultValues.Read(type, request.DefaultValue, existing, Problems.Path(prefix, "defaultValue"), problems);
        return new FieldDraft(apiName, label, helpText, type, flags, displayOrder, settings.Settings, settings.TargetEntityId, defaultValue);
    }

    private static string ApiName(FieldRequest request, StoredField? existing, string prefix, Problems problems)
    {
        if (existing is not null)
        {
            if (request.ApiName is not null && request.ApiName != existing.ApiName)
            {
                problems.Add(Problems.Path(prefix, "apiName"), "A field's apiName cannot change: records, queries and packs refer to it. Create a new field instead.");
            }

            return existing.ApiName;
        }

        if (MetadataApiName.ValidateFieldName(request.ApiName) is { } error)
        {
            problems.Add(Problems.Path(prefix, "apiName"), error);
        }

        return request.ApiName ?? string.Empty;
    }

    private static string? Type(FieldRequest request, StoredField? existing, string prefix, Problems problems)
    {
        var path = Problems.Path(prefix, "type");
        if (existing is not null)
        {
            if (request.Type is not null && request.Type != existing.Type)
            {
                if (FieldConversions.CanConvert(existing.Type, request.Type))
                {
                    return request.Type;
                }

                var targets = FieldConversions.TargetsOf(existing.Type).ToList();
                problems.Add(path, targets.Count == 0
                    ? $"A {existing.Type} field's type cannot change: its values cannot be converted. Create a new field instead."
                    : $"A {existing.Type} field cannot become {request.Type}; its values convert to: {string.Join(", ", targets)}.");
            }

            return existing.Type;
        }

        if (string.IsNullOrEmpty(request.Type))
        {
            problems.Add(path, $"The type is required; one of: {string.Join(", ", FieldType.Supported)}.");
            return null;
        }

        if (FieldType.NotYetAvailable.Contains(request.Type))
        {
            problems.Add(path, $"{request.Type} fields are not available yet: they aggregate related records, which do not exist yet.");
            return null;
        }

        if (!FieldType.Supported.Contains(request.Type))
        {
            problems.Add(path, $"'{request.Type}' is not a field type; use one of: {string.Join(", ", FieldType.Supported)}.");
            return null;
        }

        return request.Type;
    }

    private static void CheckSettingsChange(StoredField existing, SettingsResult after, string path, Problems problems)
    {
        if (MetadataJson.ReadSettings(existing.Type, existing.Settings) is PicklistSettings before && after.Settings is PicklistSettings picklist)
        {
            PicklistRules.CheckNoValueRemoved(before, picklist, path, problems);
        }

        if (existing.TargetEntityId is { } target && after.TargetEntityId is { } newTarget && target != newTarget)
        {
            problems.Add(Problems.Path(path, "targetEntity"),
                "A lookup's target cannot change: the records' values would point to the wrong entity. Target changes arrive with record data conversion.");
        }
    }
}
