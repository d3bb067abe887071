using System.Text.RegularExpressions;

namespace Saas.Platform.Tenancy;

/// <summary>The rules for tenant identifiers: they appear in paths and as DNS labels.</summary>
public static partial class TenantIdentifier
{
    /// <summary>Names that routes, hosts or operators already use.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin", "api", "app", "apps", "assets", "auth", "cdn", "dashboard", "docs", "health", "help", "jobs",
        "login", "logout", "mail", "null", "openapi", "operator", "platform", "root", "scalar", "signin", "signup", "static",
        "status", "support", "system", "tenant", "tenants", "undefined", "www",
    };

    /// <summary>Null when valid, else why not.</summary>
    public static string? Validate(string? identifier)
    {
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return "The identifier is required.";
        }

        if (identifier.Length is < 3 or > 63)
        {
            return "The identifier must be 3 to 63 characters long.";
        }

        if (!Pattern().IsMatch(identifier))
        {
            return "The identifier may hold only lowercase letters, digits and hyphens, and must start and end with a letter or digit.";
        }

        return Reserved.Contains(identifier) ? $"'{identifier}' is reserved." : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
