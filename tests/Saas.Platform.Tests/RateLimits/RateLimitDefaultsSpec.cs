using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Saas.Platform.Persistence;
using Saas.Platform.RateLimits;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.RateLimits;

/// <summary>Without a <c>RateLimits</c> section: 1200 requests a minute per tenant and 600 per client address, published.</summary>
public sealed class RateLimitDefaultsSpec(DefaultQuotasApp app) : IClassFixture<DefaultQuotasApp>
{
    [Fact]
    public async Task A_tenant_gets_the_default_quota_in_its_headers_and_limits()
    {
        var (tenant, key) = await app.CreateTenantAsync("defaults");

        var response = await app.ClientWithKey(key).GetAsync($"/t/{tenant.Identifier}/api/limits", TestContext.Current.CancellationToken);
        var usage = (await response.Content.ReadFromJsonAsync<RateLimitUsage>(TestContext.Current.CancellationToken))!;

        Assert.Equal((1200, 1199), (usage.PermitsPerMinute, usage.Remaining)); // its first request
        Assert.InRange(usage.ResetsInSeconds, 1, 60);
        Assert.Equal(usage, HeadersOf(response));
    }

    [Fact]
    public async Task The_operator_gets_the_client_quota()
    {
        var response = await app.Operator().GetAsync("/api/tenants", TestContext.Current.CancellationToken);

        Assert.Equal(600, HeadersOf(response).PermitsPerMinute);
    }

    private static RateLimitUsage HeadersOf(HttpResponseMessage response) =>
        new(Header(response, RateLimitHeaders.Limit), Header(response, RateLimitHeaders.Remaining), Header(response, RateLimitHeaders.Reset));

    private static int Header(HttpResponseMessage response, string name) =>
        int.Parse(Assert.Single(response.Headers.GetValues(name)), CultureInfo.InvariantCulture);
}

/// <summary>A host with no <c>RateLimits</c> settings at all.</summary>
public sealed class DefaultQuotasApp() : PlatformApp(DatabaseProvider.Sqlite)
{
    protected override void ConfigureQuotas(IWebHostBuilder builder)
    {
    }
}
