using System.Collections.Immutable;
using System.Globalization;
using System.Resources;
using Saas.Platform.Metadata;

namespace Saas.Platform.Layouts;

/// <summary>
/// The titles of the sections the platform makes itself (the default one and the trailing one), from
/// <c>LayoutTexts.resx</c> and <c>LayoutTexts.zh-CN.resx</c>, in every culture the platform speaks.
/// </summary>
internal static class LayoutTexts
{
    private static readonly ResourceManager Resources = new("Saas.Platform.Layouts.LayoutTexts", typeof(LayoutTexts).Assembly);

    /// <summary>The title of the default layout's one section.</summary>
    public static ImmutableSortedDictionary<string, string> Details { get; } = InEveryCulture("Details");

    /// <summary>The title of the trailing section that holds the fields no section places.</summary>
    public static ImmutableSortedDictionary<string, string> OtherFields { get; } = InEveryCulture("OtherFields");

    private static ImmutableSortedDictionary<string, string> InEveryCulture(string name) =>
        Translations.Cultures.ToImmutableSortedDictionary(
            culture => culture,
            culture => Resources.GetString(name, CultureInfo.GetCultureInfo(culture)) ?? throw new InvalidOperationException($"The resource '{name}' is missing."),
            StringComparer.Ordinal);
}
