using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using Saas.Platform.RateLimits;
using Saas.Platform.Tenancy;

namespace Saas.Platform.Tests.RateLimits;

/// <summary>
/// Per-tenant quotas of 5 requests a minute (8 for tenant <c>roomy</c>), published in headers and at /api/limits, and a
/// 429 ProblemDetails with Retry-After beyond them. The clock stands still, so every number is exact.
/// </summary>
[Collection(RateLimitedOnSqlite.Name)]
public sealed class RateLimitsSpec(RateLimitedApp app) : IAsyncLifetime
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Every test starts after the windows of the tests before it have closed.
    public ValueTask InitializeAsync()
    {
        app.Clock.Advance(Window);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task The_request_after_the_quota_is_a_429_problem_with_Retry_After()
    {
        var (tenant, key) = await app.CreateTenantAsync("spent");
        for (var i = 0; i < RateLimitedApp.PermitsPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(key, $"/t/{tenant.Identifier}/api/tenant")).StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(20));
        var refused = await GetAsync(key, $"/t/{tenant.Identifier}/api/tenant");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(40), refused.Headers.RetryAfter?.Delta);
        Assert.Equal((5, 0, 40), Quota(refused));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = (await refused.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken))!;
        Assert.Equal(429, problem.Status);
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.Type);
        Assert.Equal("Too many requests", problem.Title);
        Assert.Equal(
            $"The limit of 5 requests per minute for tenant '{tenant.Identifier}' is reached. It resets in 40 seconds; retry after that.",
            problem.Detail);
    }

    [Fact]
    public async Task A_tenant_at_its_limit_does_not_limit_another_tenant()
    {
        var (a, keyOfA) = await app.CreateTenantAsync("busy");
        var (b, keyOfB) = await app.CreateTenantAsync("quiet");
        await UseUpAsync(keyOfA, a.Identifier, RateLimitedApp.PermitsPerMinute);

        var other = await GetAsync(keyOfB, $"/t/{b.Identifier}/api/tenant");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal((5, 4, 60), Quota(other));
    }

    [Fact]
    public async Task Every_response_carries_the_quota_and_Remaining_counts_down()
    {
        var (tenant, key) = await app.CreateTenantAsync("count");
        var client = app.ClientWithKey(key);

        var ok = await client.GetAsync($"/t/{tenant.Identifier}/api/tenant", TestContext.Current.CancellationToken);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var invalid = await client.PostAsJsonAsync($"/t/{tenant.Identifier}/api/keys", new { name = "" }, TestContext.Current.CancellationToken);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var missing = await client.GetAsync($"/t/{tenant.Identifier}/api/keys/{Guid.NewGuid()}", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, (5, 4, 60)), (ok.StatusCode, Quota(ok)));
        Assert.Equal((HttpStatusCode.BadRequest, (5, 3, 50)), (invalid.StatusCode, Quota(invalid)));
        Assert.Equal((HttpStatusCode.NotFound, (5, 2, 40)), (missing.StatusCode, Quota(missing)));
    }

    [Fact]
    public async Task Limits_reports_the_numbers_of_its_own_headers()
    {
        var (tenant, key) = await app.CreateTenantAsync("limits");

        var first = await GetAsync(key, $"/t/{tenant.Identifier}/api/limits");
        app.Clock.Advance(TimeSpan.FromSeconds(15));
        var second = await GetAsync(key, $"/t/{tenant.Identifier}/api/limits");

        Assert.Equal(new RateLimitUsage(5, 4, 60), await first.Content.ReadFromJsonAsync<RateLimitUsage>(TestContext.Current.CancellationToken));
        Assert.Equal((5, 4, 60), Quota(first));
        Assert.Equal(new RateLimitUsage(5, 3, 45), await second.Content.ReadFromJsonAsync<RateLimitUsage>(TestContext.Current.CancellationToken));
        Assert.Equal((5, 3, 45), Quota(second));
    }

    [Fact]
    public async Task A_tenant_override_from_configuration_applies()
    {
        var created = await app.Operator().PostAsJsonAsync(
            "/api/tenants", new { identifier = RateLimitedApp.RoomyTenant, name = "Roomy Ltd", isolation = "shared" }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        var key = (await created.Content.ReadFromJsonAsync<CreatedTenantResponse>(TestContext.Current.CancellationToken))!.ApiKey.Secret;

        var responses = await UseUpAsync(key, RateLimitedApp.RoomyTenant, RateLimitedApp.RoomyPermitsPerMinute);

        Assert.Equal((8, 7, 60), Quota(responses[0]));
        Assert.Equal((8, 0, 60), Quota(responses[^1]));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(key, $"/t/{RateLimitedApp.RoomyTenant}/api/tenant")).StatusCode);
    }

    [Fact]
    public async Task The_full_quota_is_back_when_the_window_closes()
    {
        var (tenant, key) = await app.CreateTenantAsync("reset");
        await UseUpAsync(key, tenant.Identifier, RateLimitedApp.PermitsPerMinute);
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(key, $"/t/{tenant.Identifier}/api/tenant")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var again = await GetAsync(key, $"/t/{tenant.Identifier}/api/tenant");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal((5, 4, 60), Quota(again));
    }

    [Fact]
    public async Task Callers_without_a_key_of_the_tenant_count_against_their_address_not_the_tenant()
    {
        var (a, keyOfA) = await app.CreateTenantAsync("named");
        var (_, keyOfB) = await app.CreateTenantAsync("stranger");
        var path = $"/t/{a.Identifier}/api/tenant";

        var anonymous = await GetAsync(null, path);
        var stranger = await GetAsync(keyOfB, path);
        var remaining = Quota(stranger).Remaining;
        for (var i = 0; i < remaining; i++)
        {
            await GetAsync(null, path);
        }

        var refused = await GetAsync(null, path);
        var own = await GetAsync(keyOfA, path);

        Assert.Equal((HttpStatusCode.Unauthorized, RateLimitedApp.ClientPermitsPerMinute), (anonymous.StatusCode, Quota(anonymous).Limit));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(Quota(anonymous).Remaining - 1, remaining);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("without a key of a tenant from your address", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, (5, 4, 60)), (own.StatusCode, Quota(own)));
    }

    [Fact]
    public async Task Health_is_never_limited()
    {
        var first = await GetAsync(null, "/api/tenants");
        for (var i = 0; i < Quota(first).Remaining; i++)
        {
            await GetAsync(null, "/api/tenants");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(null, "/api/tenants")).StatusCode);
        var health = await GetAsync(null, "/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(health.Headers.Contains(RateLimitHeaders.Limit));
    }

    private Task<HttpResponseMessage> GetAsync(string? key, string path) =>
        app.ClientWithKey(key).GetAsync(path, TestContext.Current.CancellationToken);

    private async Task<List<HttpResponseMessage>> UseUpAsync(string key, string tenant, int permits)
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < permits; i++)
        {
            var response = await GetAsync(key, $"/t/{tenant}/api/tenant");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            responses.Add(response);
        }

        return responses;
    }

    private static (int Limit, int Remaining, int Reset) Quota(HttpResponseMessage response) =>
        (Header(response, RateLimitHeaders.Limit), Header(response, RateLimitHeaders.Remaining), Header(response, RateLimitHeaders.Reset));

    private static int Header(HttpResponseMessage response, string name) =>
        int.Parse(Assert.Single(response.Headers.GetValues(name)), CultureInfo.InvariantCulture);
}
