using System.Net;
using System.Net.Http.Json;
using Saas.Platform.Tenancy;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Tenancy;

/// <summary>
/// Which tenant a request is for: route first, then host, then API key; the first strategy that names a tenant wins,
/// a key never overrides it, and a key of another tenant is a 404.
/// </summary>
[Collection(OnSqlite.Name)]
public sealed class TenantResolutionSpec(SqliteApp app)
{
    [Fact]
    public async Task The_route_names_the_tenant_even_when_the_host_names_another()
    {
        var (a, keyOfA) = await app.CreateTenantAsync("route");
        var (b, _) = await app.CreateTenantAsync("host");

        var current = await SendAsync(keyOfA, $"/t/{a.Identifier}/api/tenant", host: $"{b.Identifier}.{PlatformApp.BaseDomain}");

        Assert.Equal(a.Id, current!.Id);
    }

    [Fact]
    public async Task The_host_names_the_tenant_when_there_is_no_route()
    {
        var (b, keyOfB) = await app.CreateTenantAsync("host");

        var current = await SendAsync(keyOfB, "/api/tenant", host: $"{b.Identifier}.{PlatformApp.BaseDomain}");

        Assert.Equal(b.Id, current!.Id);
    }

    [Fact]
    public async Task The_key_names_the_tenant_when_neither_route_nor_host_does()
    {
        var (c, keyOfC) = await app.CreateTenantAsync("key");

        var current = await SendAsync(keyOfC, "/api/tenant", host: "localhost");

        Assert.Equal(c.Id, current!.Id);
    }

    [Theory]
    [InlineData("route")] // /t/{a}/... with b's key
    [InlineData("host")] // {a}.crm.test with b's key
    public async Task A_key_of_another_tenant_is_a_404(string addressedBy)
    {
        var (a, _) = await app.CreateTenantAsync("target");
        var (_, keyOfB) = await app.CreateTenantAsync("other");
        using var request = addressedBy == "route"
            ? new HttpRequestMessage(HttpMethod.Get, $"/t/{a.Identifier}/api/tenant")
            : new HttpRequestMessage(HttpMethod.Get, "/api/tenant") { Headers = { Host = $"{a.Identifier}.{PlatformApp.BaseDomain}" } };

        var response = await app.ClientWithKey(keyOfB).SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_host_label_is_a_404_not_another_tenant()
    {
        var (_, key) = await app.CreateTenantAsync("real");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/tenant") { Headers = { Host = $"ghost.{PlatformApp.BaseDomain}" } };

        var response = await app.ClientWithKey(key).SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_tenant_route_without_any_tenant_is_a_404()
    {
        var response = await app.ClientWithKey(null).GetAsync("/api/tenant", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<TenantResponse?> SendAsync(string key, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Host = host } };
        var response = await app.ClientWithKey(key).SendAsync(request, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<TenantResponse>(TestContext.Current.CancellationToken);
    }
}
