using System.Globalization;

namespace Saas.Platform.Ui;

/// <summary>Metadata texts (labels, plural labels, picklist values) in the person's language, English when not translated.</summary>
public static class Localized
{
    public static string Text(IReadOnlyDictionary<string, string> texts, string fallback)
    {
        ArgumentNullException.ThrowIfNull(texts);
        for (var culture = CultureInfo.CurrentUICulture; !string.IsNullOrEmpty(culture.Name); culture = culture.Parent)
        {
            if (texts.TryGetValue(culture.Name, out var text))
            {
                return text;
            }
        }

        return texts.TryGetValue("en", out var english) ? english : fallback;
    }
}
