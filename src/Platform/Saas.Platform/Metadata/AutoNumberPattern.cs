using System.Globalization;
using System.Text.RegularExpressions;

namespace Saas.Platform.Metadata;

/// <summary>
/// An auto-number pattern such as <c>INV-{0000}</c>: text around exactly one group of 1 to 10 zeros in braces, which
/// stands for the number padded to that many digits. Numbering starts at 1; a number wider than the group is not cut.
/// </summary>
public sealed partial record AutoNumberPattern(string Prefix, int Digits, string Suffix)
{
    public const int MaxLength = 50;
    public const int MaxDigits = 10;

    /// <summary>The pattern, or null with the reason it is not one.</summary>
    public static AutoNumberPattern? Parse(string? pattern, out string? error)
    {
        error = Check(pattern);
        if (error is not null)
        {
            return null;
        }

        var group = Group().Match(pattern!);
        return new AutoNumberPattern(pattern![..group.Index], group.Groups["zeros"].Length, pattern[(group.Index + group.Length)..]);
    }

    /// <summary>The text of record number <paramref name="number"/>: <c>INV-{0000}</c> and 7 give <c>INV-0007</c>.</summary>
    public string Format(long number) =>
        Prefix + number.ToString(new string('0', Digits), CultureInfo.InvariantCulture) + Suffix;

    private static string? Check(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "The pattern is required, for example INV-{0000}.";
        }

        if (pattern.Length > MaxLength)
        {
            return $"The pattern may be at most {MaxLength} characters long.";
        }

        var groups = Group().Matches(pattern);
        if (groups.Count != 1)
        {
            return "The pattern must hold exactly one number group: braces around 1 to 10 zeros, as in INV-{0000}.";
        }

        if (groups[0].Groups["zeros"].Length > MaxDigits)
        {
            return $"The number group may hold at most {MaxDigits} zeros.";
        }

        var rest = pattern.Remove(groups[0].Index, groups[0].Length);
        if (rest.Contains('{', StringComparison.Ordinal) || rest.Contains('}', StringComparison.Ordinal))
        {
            return "Braces may appear only around the number group, as in INV-{0000}.";
        }

        return rest.Any(char.IsControl) ? "The pattern may not hold control characters." : null;
    }

    [GeneratedRegex("\\{(?<zeros>0+)\\}", RegexOptions.CultureInvariant)]
    private static partial Regex Group();
}
