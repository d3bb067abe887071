namespace Saas.Platform.Security;

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>The caller belongs to the resolved tenant. A caller of another tenant is answered 404, not 403.</summary>
    public const string TenantMember = "TenantMember";

    /// <summary>A member with the tenant's admin role.</summary>
    public const string TenantAdmin = "TenantAdmin";

    /// <summary>A platform operator (outside any tenant).</summary>
    public const string Operator = "Operator";
}

/// <summary>Role and claim names.</summary>
public static class PlatformClaims
{
    public const string TenantId = "tenant_id";
    public const string OperatorRole = "platform-operator";
    public const string PublisherRole = "partner-publisher";

    /// <summary>The publisher a publisher's API key acts for (a key has no person, so no role).</summary>
    public const string PublisherId = "publisher_id";
    public const string TenantAdminRole = "admin";
}
