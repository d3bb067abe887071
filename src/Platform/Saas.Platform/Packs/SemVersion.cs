using System.Globalization;
using System.Text.RegularExpressions;

namespace Saas.Platform.Packs;

/// <summary>A semantic version (<c>major.minor.patch[-prerelease][+build]</c>, semver.org 2.0), ordered by precedence.</summary>
public sealed partial record SemVersion(int Major, int Minor, int Patch, string? Prerelease) : IComparable<SemVersion>
{
    [GeneratedRegex(@"^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$")]
    private static partial Regex Pattern();

    public static SemVersion? TryParse(string? text)
    {
        var match = text is null ? null : Pattern().Match(text.Trim());
        return match is not { Success: true }
            ? null
            : new SemVersion(Int(match.Groups[1].Value), Int(match.Groups[2].Value), Int(match.Groups[3].Value), match.Groups[4].Success ? match.Groups[4].Value : null);
    }

    public int CompareTo(SemVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0 || Prerelease == other.Prerelease)
        {
            return core;
        }

        // A pre-release sorts before its release; pre-releases compare identifier by identifier.
        if (Prerelease is null || other.Prerelease is null)
        {
            return Prerelease is null ? 1 : -1;
        }

        var mine = Prerelease.Split('.');
        var theirs = other.Prerelease.Split('.');
        for (var i = 0; i < Math.Min(mine.Length, theirs.Length); i++)
        {
            var a = int.TryParse(mine[i], NumberStyles.None, CultureInfo.InvariantCulture, out var na);
            var b = int.TryParse(theirs[i], NumberStyles.None, CultureInfo.InvariantCulture, out var nb);
            var order = (a, b) switch
            {
                (true, true) => na.CompareTo(nb),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(mine[i], theirs[i]),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return mine.Length.CompareTo(theirs.Length);
    }

    public override string ToString() => Prerelease is null ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{Prerelease}";

    public static bool operator <(SemVersion left, SemVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemVersion left, SemVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemVersion left, SemVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemVersion left, SemVersion right) => left.CompareTo(right) >= 0;

    private static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}

/// <summary>
/// A range of versions, as npm writes them: <c>1.2.3</c> (exactly), <c>^1.2.3</c> (same major), <c>~1.2.3</c> (same
/// minor), comparisons <c>&gt;=1.0.0 &lt;2.0.0</c> (all must hold) or <c>*</c> (any).
/// </summary>
public sealed class VersionRange
{
    private readonly IReadOnlyList<(string Op, SemVersion Version)> comparators;

    private VersionRange(string text, IReadOnlyList<(string Op, SemVersion Version)> comparators)
    {
        Text = text;
        this.comparators = comparators;
    }

    public string Text { get; }

    public static VersionRange? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = new List<(string, SemVersion)>();
        foreach (var part in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*")
            {
                continue;
            }

            var op = part.StartsWith(">=", StringComparison.Ordinal) || part.StartsWith("<=", StringComparison.Ordinal) ? part[..2]
                : part[0] is '>' or '<' or '^' or '~' or '=' ? part[..1] : "=";
            if (SemVersion.TryParse(part[(op == "=" && part[0] != '=' ? 0 : op.Length)..]) is not { } version)
            {
                return null;
            }

            switch (op)
            {
                case "^":
                    parts.Add((">=", version));
                    parts.Add(("<", version.Major > 0 ? new SemVersion(version.Major + 1, 0, 0, "0") : new SemVersion(0, version.Minor + 1, 0, "0")));
                    break;
                case "~":
                    parts.Add((">=", version));
                    parts.Add(("<", new SemVersion(version.Major, version.Minor + 1, 0, "0")));
                    break;
                default:
                    parts.Add((op, version));
                    break;
            }
        }

        return new VersionRange(text.Trim(), parts);
    }

    public bool Contains(SemVersion version) => comparators.All(c => c.Op switch
    {
        ">=" => version >= c.Version,
        "<=" => version <= c.Version,
        ">" => version > c.Version,
        "<" => version < c.Version,
        _ => version.CompareTo(c.Version) == 0,
    });

    public override string ToString() => Text;
}
