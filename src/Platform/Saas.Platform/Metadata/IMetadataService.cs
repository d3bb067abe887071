namespace Saas.Platform.Metadata;

/// <summary>Reads the current tenant's entity and field definitions.</summary>
public interface IMetadataService
{
    /// <summary>
    /// The tenant's live metadata. Each call reads the tenant's metadata version (one small query) and answers the
    /// snapshot cached for that version, so a change made on any node is seen by the next call on every node.
    /// </summary>
    Task<MetadataSnapshot> GetSnapshotAsync(CancellationToken cancellationToken);
}
