using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Saas.Platform.Records;

/// <summary>Reads the conditional headers: a record's ETag is its version in quotes, a strong tag.</summary>
internal static class RecordETags
{
    /// <summary>
    /// The versions If-Match accepts: null when the header is absent or <c>*</c> (any version). A weak or foreign tag
    /// matches no version, so the write fails its precondition rather than going through unchecked.
    /// </summary>
    public static IReadOnlyCollection<int>? IfMatch(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header) || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return StringValues.IsNullOrEmpty(header) ? null : [];
        }

        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any)) ? null : [.. tags.Select(VersionOf).OfType<int>()];
    }

    public static bool Matches(StringValues ifNoneMatch, int version) =>
        !StringValues.IsNullOrEmpty(ifNoneMatch)
        && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || VersionOf(t) == version);

    private static int? VersionOf(EntityTagHeaderValue tag) =>
        !tag.IsWeak && int.TryParse(tag.Tag.AsSpan().Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? version
            : null;
}
