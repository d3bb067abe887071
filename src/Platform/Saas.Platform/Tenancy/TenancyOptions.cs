using System.ComponentModel.DataAnnotations;

namespace Saas.Platform.Tenancy;

/// <summary>Configuration section <c>Tenancy</c>.</summary>
public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>For the host strategy: <c>acme.{BaseDomain}</c> is tenant <c>acme</c>. Empty turns the host strategy off.</summary>
    public string? BaseDomain { get; set; }

    /// <summary>How long a node may serve a tenant's catalog entry, and an API key of the tenant, from memory.</summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 30;
}
