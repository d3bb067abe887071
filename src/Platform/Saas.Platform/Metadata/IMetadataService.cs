namespace Saas.Platform.Metadata;

/// <summary>Reads the current tenant's entity and field definitions.</summary>
public interface IMetadataService
{
    /// <summary>
    /// The tenant's live metadata. Each call reads the tenant's metadata version (one small query) and answers the
    /// snapshot cached for that version, so a change made on any node is seen by the next call on every node.
    /// </summary>
    Task<MetadataSnapshot> GetSnapshotAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The snapshot of the latest version this node has read for the tenant, without a query; the same as
    /// <see cref="GetSnapshotAsync"/> when the node has read none, or inside a transaction. For a reader that makes its
    /// own statements hold only while the snapshot's version is current, and asks <see cref="GetSnapshotAsync"/> when
    /// they may not have (see the record queries).
    /// </summary>
    Task<MetadataSnapshot> GetRecentSnapshotAsync(CancellationToken cancellationToken);
}
