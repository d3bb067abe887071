namespace Saas.Platform.Metadata;

/// <summary>
/// Fills a roll-up field for the records that exist when it is created or its settings change. The records module
/// implements it; without records there is nothing to fill.
/// </summary>
internal interface IRollupBackfill
{
    Task RecomputeAllAsync(string entity, string field, string actor, CancellationToken cancellationToken);
}
