using System.Collections.Immutable;

namespace Saas.Platform.Metadata;

/// <summary>An entity as it will be stored once the request is applied.</summary>
internal sealed record EntityDraft(
    string ApiName,
    ImmutableSortedDictionary<string, string> Label,
    ImmutableSortedDictionary<string, string> PluralLabel,
    string? Description,
    string? Icon,
    int DisplayOrder);

internal static class EntityRules
{
    public static EntityDraft ValidateNew(CreateEntityRequest request, Problems problems)
    {
        if (MetadataApiName.ValidateEntityName(request.ApiName) is { } error)
        {
            problems.Add("apiName", error);
        }

        return new EntityDraft(
            request.ApiName ?? string.Empty,
            Translations.Read(request.Label, "label", MetadataLimits.LabelLength, englishRequired: true, problems),
            Translations.Read(request.PluralLabel, "pluralLabel", MetadataLimits.LabelLength, englishRequired: true, problems),
            Description(request.Description, problems),
            Icon(request.Icon, problems),
            DisplayOrder(request.DisplayOrder ?? 0, problems));
    }

    /// <summary>Only what the request gives changes; an empty description or icon clears it.</summary>
    public static EntityDraft ValidateChange(UpdateEntityRequest request, StoredEntity existing, Problems problems)
    {
        if (request.ApiName is not null && request.ApiName != existing.ApiName)
        {
            problems.Add("apiName", "An entity's apiName cannot change: records, lookups, queries and packs refer to it. Create a new entity instead.");
        }

        return new EntityDraft(
            existing.ApiName,
            request.Label is null ? MetadataJson.ReadTexts(existing.Label) : Translations.Read(request.Label, "label", MetadataLimits.LabelLength, true, problems),
            request.PluralLabel is null ? MetadataJson.ReadTexts(existing.PluralLabel) : Translations.Read(request.PluralLabel, "pluralLabel", MetadataLimits.LabelLength, true, problems),
            request.Description is null ? existing.Description : Description(request.Description, problems),
            request.Icon is null ? existing.Icon : Icon(request.Icon, problems),
            DisplayOrder(request.DisplayOrder ?? existing.DisplayOrder, problems));
    }

    private static string? Description(string? description, Problems problems)
    {
        var trimmed = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (trimmed?.Length > MetadataLimits.DescriptionLength)
        {
            problems.Add("description", $"The description may be at most {MetadataLimits.DescriptionLength} characters long.");
        }

        return trimmed;
    }

    private static string? Icon(string? icon, Problems problems)
    {
        var trimmed = string.IsNullOrWhiteSpace(icon) ? null : icon.Trim();
        if (trimmed?.Length > MetadataLimits.IconLength)
        {
            problems.Add("icon", $"The icon may be at most {MetadataLimits.IconLength} characters long.");
        }

        return trimmed;
    }

    private static int DisplayOrder(int displayOrder, Problems problems)
    {
        if (displayOrder < 0 || displayOrder > MetadataLimits.MaxDisplayOrder)
        {
            problems.Add("displayOrder", $"The displayOrder must be between 0 and {MetadataLimits.MaxDisplayOrder}.");
        }

        return displayOrder;
    }
}
