using System.Net;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Hosting;

/// <summary>What every deployment serves besides the modules' APIs.</summary>
[Collection(OnSqlite.Name)]
public sealed class HostDefaultsSpec(SqliteApp app)
{
    [Fact]
    public async Task Health_is_healthy_once_migrations_have_run()
    {
        var response = await app.ClientWithKey(null).GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_endpoints()
    {
        var document = await app.ClientWithKey(null).GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Contains("\"/api/tenants\"", document, StringComparison.Ordinal);
        Assert.Contains("\"CreateTenant\"", document, StringComparison.Ordinal);
        Assert.Contains("\"X-Api-Key\"", document, StringComparison.Ordinal);
        Assert.Contains("\"bearer\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_the_operator_only()
    {
        var (_, tenantKey) = await app.CreateTenantAsync("dash");

        Assert.Equal(HttpStatusCode.OK, (await app.Operator().GetAsync("/jobs", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.ClientWithKey(null).GetAsync("/jobs", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.ClientWithKey(tenantKey).GetAsync("/jobs", TestContext.Current.CancellationToken)).StatusCode);
    }
}
