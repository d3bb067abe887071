using Microsoft.AspNetCore.Http;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Tests.Tenancy;

public sealed class TenantStrategiesShould
{
    [Fact]
    public void Be_tried_route_then_host_then_api_key_whatever_the_registration_order()
    {
        var resolver = new TenantResolver([new ApiKeyStrategy(), new HostStrategy("crm.test"), new RouteStrategy()]);

        Assert.Equal([typeof(RouteStrategy), typeof(HostStrategy), typeof(ApiKeyStrategy)], resolver.Strategies.Select(s => s.GetType()));
    }

    [Theory]
    [InlineData("/t/acme/api/tenant", "acme")] // a tenant route
    [InlineData("/t/acme", "acme")] // the tenant's root
    [InlineData("/api/tenants", null)] // a platform route
    [InlineData("/t/", null)] // no identifier
    [InlineData("/tenants/acme", null)] // only /t/ counts
    public async Task Read_the_tenant_from_the_route(string path, string? expected)
    {
        var context = new DefaultHttpContext { Request = { Path = path } };

        Assert.Equal(expected, await new RouteStrategy().GetIdentifierAsync(context));
    }

    [Theory]
    [InlineData("acme.crm.test", "acme")] // a tenant's host
    [InlineData("ACME.CRM.TEST", "acme")] // hosts are case-insensitive
    [InlineData("crm.test", null)] // the base domain itself
    [InlineData("a.b.crm.test", null)] // more than one label
    [InlineData("acme.other.test", null)] // another domain
    [InlineData("acmecrm.test", null)] // a suffix without the dot
    public async Task Read_the_tenant_from_the_host(string host, string? expected)
    {
        var context = new DefaultHttpContext { Request = { Host = new HostString(host) } };

        Assert.Equal(expected, await new HostStrategy("crm.test").GetIdentifierAsync(context));
    }

    [Fact]
    public void Move_the_tenant_prefix_into_the_base_path()
    {
        var context = new DefaultHttpContext { Request = { PathBase = "/app", Path = "/t/acme/api/tenant" } };

        TenantRoute.MoveToPathBase(context);

        Assert.Equal("/app/t/acme", context.Request.PathBase);
        Assert.Equal("/api/tenant", context.Request.Path);
    }
}
