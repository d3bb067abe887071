using System.Globalization;

namespace Saas.Platform.Search;

/// <summary>A piece of a matched value around the match, and where in it the match is, for the caller to highlight.</summary>
internal sealed record Snippet(string Text, int Start, int Length);

/// <summary>Finds the words in a value (ignoring case), scores the match and cuts a snippet around it.</summary>
internal static class SearchSnippets
{
    private const int Around = 40;

    private static readonly CompareInfo Compare = CultureInfo.InvariantCulture.CompareInfo;

    /// <summary>
    /// The value's score for the words: the whole value beats its start, which beats the start of a word, which beats
    /// anywhere inside; a shorter value beats a longer one with the same kind of match.
    /// </summary>
    public static int Score(string text, string words)
    {
        var (at, length) = Find(text, words);
        var kind = at < 0 ? 1
            : at == 0 && length == text.Length ? 4
            : at == 0 ? 3
            : !char.IsLetterOrDigit(text[at - 1]) ? 2
            : 1;
        return (kind * 1000) + Math.Max(0, 999 - text.Length);
    }

    public static bool Holds(string text, string words) => Find(text, words).At >= 0;

    public static Snippet Cut(string text, string words)
    {
        var (at, length) = Find(text, words);
        if (at < 0)
        {
            var shown = Math.Min(text.Length, 2 * Around);
            shown = shown < text.Length && char.IsLowSurrogate(text[shown]) ? shown + 1 : shown;
            return new Snippet(text[..shown] + (shown < text.Length ? "…" : string.Empty), 0, 0);
        }

        var start = Math.Max(0, at - Around);
        var end = Math.Min(text.Length, at + length + Around);
        start = char.IsLowSurrogate(text[start]) ? start - 1 : start;
        end = end < text.Length && char.IsLowSurrogate(text[end]) ? end + 1 : end;
        var prefix = start > 0 ? "…" : string.Empty;
        var suffix = end < text.Length ? "…" : string.Empty;
        return new Snippet(prefix + text[start..end] + suffix, prefix.Length + at - start, length);
    }

    private static (int At, int Length) Find(string text, string words)
    {
        var at = Compare.IndexOf(text, words, CompareOptions.IgnoreCase, out var length);
        return (at, length);
    }
}
