namespace Saas.Platform.Metadata;

/// <summary>
/// Brings the stored values of an entity's formulas up to date after a formula's expression or result type changed.
/// The records module implements it with a background job per tenant.
/// </summary>
internal interface IFormulaRecompute
{
    Task ScheduleAsync(Guid entityId, CancellationToken cancellationToken);
}
