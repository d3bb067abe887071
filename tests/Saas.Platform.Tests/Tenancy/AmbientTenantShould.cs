using Saas.Platform.Tenancy;
using UUIDNext;

namespace Saas.Platform.Tests.Tenancy;

public sealed class AmbientTenantShould
{
    private static TenantInfo Tenant(string identifier) => new()
    {
        Id = Uuid.NewSequential(),
        Identifier = identifier,
        Name = identifier,
        Isolation = TenantIsolation.Shared,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Restore_the_previous_tenant_when_a_scope_ends()
    {
        var ambient = new AmbientTenant();
        var outer = Tenant("outer");
        var inner = Tenant("inner");

        using (ambient.Begin(outer))
        {
            using (ambient.Begin(inner))
            {
                Assert.Same(inner, ambient.Tenant);
            }

            Assert.Same(outer, ambient.Tenant);
        }

        Assert.Null(ambient.Tenant);
    }

    [Fact]
    public async Task Keep_concurrent_flows_apart()
    {
        var ambient = new AmbientTenant();
        var a = Tenant("a");
        var b = Tenant("b");

        async Task<TenantInfo?> SeenAfterAYield(TenantInfo tenant)
        {
            using var scope = ambient.Begin(tenant);
            await Task.Delay(20, TestContext.Current.CancellationToken);
            return ambient.Tenant;
        }

        var seen = await Task.WhenAll(SeenAfterAYield(a), SeenAfterAYield(b));

        Assert.Equal([a, b], seen);
        Assert.Null(ambient.Tenant);
    }
}
