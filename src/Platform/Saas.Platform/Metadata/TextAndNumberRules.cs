using static Saas.Platform.Metadata.FieldType;

namespace Saas.Platform.Metadata;

internal static class TextRules
{
    public static TextSettings Read(string type, TextSettingsInput input, string path, Problems problems)
    {
        var (limit, fallback) = type == LongText
            ? (MetadataLimits.LongTextMaxLength, MetadataLimits.DefaultLongTextLength)
            : (MetadataLimits.TextMaxLength, MetadataLimits.DefaultTextLength);
        var maxLength = input.MaxLength ?? fallback;
        if (maxLength < 1 || maxLength > limit)
        {
            problems.Add(Problems.Path(path, "maxLength"), $"The maxLength of a {type} field must be between 1 and {limit}.");
        }

        return new TextSettings(maxLength);
    }
}

internal static class NumberRules
{
    public static NumberSettings Read(string type, NumberSettingsInput input, string path, Problems problems)
    {
        var (defaultPrecision, defaultScale) = type switch
        {
            Currency => (18, 2),
            Percent => (5, 2),
            _ => (18, 0),
        };
        var precision = input.Precision ?? defaultPrecision;
        var scale = input.Scale ?? Math.Min(defaultScale, precision);
        if (precision < 1 || precision > MetadataLimits.MaxPrecision)
        {
            problems.Add(Problems.Path(path, "precision"), $"The precision (total digits) must be between 1 and {MetadataLimits.MaxPrecision}.");
        }
        else if (scale < 0 || scale > precision)
        {
            problems.Add(Problems.Path(path, "scale"), $"The scale (digits after the point) must be between 0 and the precision, {precision}.");
        }

        return new NumberSettings(precision, scale);
    }
}
