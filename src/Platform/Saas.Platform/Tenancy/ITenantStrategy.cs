using Microsoft.AspNetCore.Http;

namespace Saas.Platform.Tenancy;

/// <summary>
/// One way of telling which tenant a request is for. A strategy returns null when the request is not its
/// business; the resolver tries strategies by ascending <see cref="Order"/> and the first identifier wins.
/// </summary>
public interface ITenantStrategy
{
    int Order { get; }

    ValueTask<string?> GetIdentifierAsync(HttpContext context);
}
