using System.Text.RegularExpressions;

namespace Saas.Platform.Metadata;

/// <summary>
/// The rules for api names of entities, fields and picklist values: they appear in URLs, OData queries, JSON
/// documents and pack files, so they are plain identifiers (camelCase or snake_case) and never change once created.
/// </summary>
public static partial class MetadataApiName
{
    public const int MinLength = 2;
    public const int MaxLength = 60;

    /// <summary>Entity names that routes of the platform use or will use, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReservedEntityNames = Reasons(
        ("api, metadata, data, search, odata, batch, bulk, import, export", "it is a word of the platform's routes"),
        ("tenant, tenants, user, users, owner, audit, keys, system", "it names an object of the platform itself"),
        ("entity, entities, field, fields, record, records", "it names a metadata concept"));

    /// <summary>Field names that every record carries already, and words of the OData query syntax.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReservedFieldNames = Reasons(
        ("id, tenantId, entityId, name, owner, ownerId, createdAt, createdBy, modifiedAt, modifiedBy, version, deletedAt, etag",
            "every record has this system field"),
        ("and, or, not, eq, ne, gt, ge, lt, le, has, in, add, sub, mul, div, mod, null, true, false",
            "it is a word of the $filter syntax"));

    /// <summary>Null when <paramref name="apiName"/> may name an entity, else why not.</summary>
    public static string? ValidateEntityName(string? apiName) => Validate(apiName, ReservedEntityNames);

    /// <summary>Null when <paramref name="apiName"/> may name a field, else why not.</summary>
    public static string? ValidateFieldName(string? apiName) => Validate(apiName, ReservedFieldNames);

    /// <summary>Null when <paramref name="apiName"/> may name a picklist value, else why not.</summary>
    public static string? ValidateValueName(string? apiName) => Validate(apiName, reserved: null);

    /// <summary>The form uniqueness is checked on: names differing only in case are the same name.</summary>
    public static string Normalize(string apiName) => apiName.ToLowerInvariant();

    private static string? Validate(string? apiName, IReadOnlyDictionary<string, string>? reserved)
    {
        if (string.IsNullOrEmpty(apiName))
        {
            return "The apiName is required.";
        }

        if (apiName.Length is < MinLength or > MaxLength)
        {
            return $"The apiName must be {MinLength} to {MaxLength} characters long.";
        }

        if (!Pattern().IsMatch(apiName))
        {
            return "The apiName must start with a lowercase letter and hold only letters, digits and underscores (camelCase or snake_case).";
        }

        if (apiName.Contains("__", StringComparison.Ordinal) || apiName.EndsWith('_'))
        {
            return "The apiName may not hold two underscores in a row or end with one.";
        }

        return reserved is not null && reserved.TryGetValue(apiName, out var reason) ? $"'{apiName}' is reserved: {reason}." : null;
    }

    private static Dictionary<string, string> Reasons(params (string Names, string Reason)[] groups) =>
        groups.SelectMany(g => g.Names.Split(", ").Select(name => (name, g.Reason)))
            .ToDictionary(p => p.name, p => p.Reason, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex("^[a-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
