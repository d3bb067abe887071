namespace Saas.Platform.Persistence;

/// <summary>A row that belongs to one tenant. The tenant filter, the save-time check and PostgreSQL row-level security key on it.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>Thrown when a save would write a row of another tenant, or tenant data with no tenant at all.</summary>
public sealed class TenantMismatchException(string message) : InvalidOperationException(message);
