using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Saas.Platform.Tenancy;

/// <summary>Chooses the tenant resolution strategies; their order is fixed by <see cref="TenantStrategyOrder"/>, not by call order.</summary>
public sealed class TenancyBuilder(IServiceCollection services, IConfiguration configuration)
{
    public IServiceCollection Services { get; } = services;

    /// <summary><c>/t/{tenant}/...</c></summary>
    public TenancyBuilder WithRouteStrategy()
    {
        Services.AddSingleton<ITenantStrategy, RouteStrategy>();
        return this;
    }

    /// <summary><c>{tenant}.{Tenancy:BaseDomain}</c>; nothing is added while no base domain is configured.</summary>
    public TenancyBuilder WithHostStrategy()
    {
        var baseDomain = configuration[$"{TenancyOptions.Section}:{nameof(TenancyOptions.BaseDomain)}"];
        if (!string.IsNullOrWhiteSpace(baseDomain))
        {
            Services.AddSingleton<ITenantStrategy>(new HostStrategy(baseDomain));
        }

        return this;
    }

    /// <summary>The tenant of the <c>X-Api-Key</c> header.</summary>
    public TenancyBuilder WithApiKeyStrategy()
    {
        Services.AddSingleton<ITenantStrategy, ApiKeyStrategy>();
        return this;
    }
}
