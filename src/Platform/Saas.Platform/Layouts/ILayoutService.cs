namespace Saas.Platform.Layouts;

/// <summary>Reads the current tenant's form layouts.</summary>
public interface ILayoutService
{
    /// <summary>
    /// The effective layout of a live entity (see <see cref="EntityLayout"/>); null when there is no such entity. It
    /// places every live field, whatever the caller may read: a form shows only the fields it has values of.
    /// </summary>
    Task<EntityLayout?> GetAsync(string entity, CancellationToken cancellationToken);
}
