namespace Saas.Platform.Metadata;

/// <summary>Sizes the API accepts, in one place for the validators, the column sizes and the docs.</summary>
internal static class MetadataLimits
{
    public const int LabelLength = 100;
    public const int HelpTextLength = 1000;
    public const int DescriptionLength = 2000;
    public const int IconLength = 100;
    public const int MaxDisplayOrder = 1_000_000;
    public const int FieldsPerRequest = 500;
    public const int PicklistValues = 1000;
    public const int TextMaxLength = 10_000;
    public const int LongTextMaxLength = 131_072;
    public const int DefaultTextLength = 255;
    public const int DefaultLongTextLength = 32_768;
    public const int MaxPrecision = 18;
}
