using System.Collections.Immutable;

namespace Saas.Platform.Metadata;

/// <summary>Texts shown to people, keyed by culture. English is the fallback every reader can count on.</summary>
internal static class Translations
{
    public const string English = "en";

    /// <summary>The cultures the platform's UI speaks; a text in any other would never be shown.</summary>
    public static readonly IReadOnlyList<string> Cultures = [English, "zh-CN"];

    public static readonly ImmutableSortedDictionary<string, string> None = ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);

    /// <summary>The validated, trimmed texts; problems are added under <paramref name="path"/>.</summary>
    public static ImmutableSortedDictionary<string, string> Read(
        Dictionary<string, string?>? texts, string path, int maxLength, bool englishRequired, Problems problems)
    {
        if (texts is null)
        {
            if (englishRequired)
            {
                problems.Add(path, "Give at least the English text, as { \"en\": \"...\" }.");
            }

            return None;
        }

        var result = None.ToBuilder();
        foreach (var (culture, text) in texts)
        {
            var textPath = $"{path}.{culture}";
            if (!Cultures.Contains(culture, StringComparer.Ordinal))
            {
                problems.Add(textPath, $"'{culture}' is not a known culture; use {string.Join(" or ", Cultures)}.");
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                problems.Add(textPath, "The text is empty; give a text or leave this culture out.");
            }
            else if (text.Trim().Length > maxLength)
            {
                problems.Add(textPath, $"The text may be at most {maxLength} characters long.");
            }
            else
            {
                result[culture] = text.Trim();
            }
        }

        if (englishRequired && !texts.ContainsKey(English))
        {
            problems.Add($"{path}.{English}", "The English text is required.");
        }

        return result.ToImmutable();
    }
}
