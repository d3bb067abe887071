using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Saas.Platform.Security;
using Saas.Platform.Tenancy;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Ui;

namespace Saas.Platform.Tests.Isolation;

/// <summary>
/// The tenant-isolation probe. It enumerates every endpoint the host maps, so a new endpoint is covered without
/// anyone remembering it, and calls each tenant endpoint on tenant A's routes and ids with tenant B's key and with
/// no key, each tenant write endpoint as a read-only member of tenant A, and each platform endpoint with a tenant's
/// key and with no key. Every such call must answer 401, 403 or 404, and every
/// read of tenant A must answer the same before and after. An endpoint that is neither tenant nor platform must be
/// listed in <see cref="PublicEndpoints"/> with the reason it may be public.
/// </summary>
public abstract class EndpointProbeSpec(PlatformApp app)
{
    /// <summary>Endpoints anyone may call, and why.</summary>
    private static readonly Dictionary<string, string> PublicEndpoints = new(StringComparer.Ordinal)
    {
        ["/health"] = "load balancers and orchestrators probe it without credentials; it reveals no tenant data",
        ["/openapi/{documentName}.json"] = "the API description is public documentation, with no tenant data",
        ["/api/auth/signin"] = "signing in is how a person gets credentials; it names no tenant",
        ["/api/auth/token"] = "signing in is how an API client of a person gets a token; it names no tenant",
        ["/api/auth/password/forgot"] = "answers 202 whatever the address, so it reveals no account; mail goes to the account's own address",
        ["/api/auth/password/reset"] = "the token from the reset mail is the credential",
        ["/api/auth/refresh"] = "the refresh token is the credential, and it names no tenant",
        ["/api/auth/signout"] = "ends the caller's own session only",
        ["/api/auth/me"] = "answers only about the caller: their own account and memberships",
        ["/api/auth/antiforgery"] = "answers a token bound to the caller's own session; it names no tenant",
        ["/api/invitations/accept"] = "the token from the invitation mail is the credential; it joins only the tenant that sent it",
        ["/signin"] = "the staff app's sign-in form; it shows no tenant data and signs in through the same Identity sign-in as the API",
        ["/signout"] = "ends the caller's own session only (a form post checked for antiforgery)",
        ["/culture"] = "stores the chosen language in a cookie and redirects to a local address; it reads no data",
        ["/api/catalog/packs"] = "GET only, for any signed-in caller in a tenant or not: the installable packs of the catalog, the same for everyone, with no tenant's data",
    };

    /// <summary>Public endpoints by the start of their route, and why: files and the Blazor connection, not data.</summary>
    private static readonly Dictionary<string, string> PublicPrefixes = new(StringComparer.Ordinal)
    {
        ["/_framework/"] = "the Blazor script: a static file, the same for everyone",
        ["/_content/"] = "static files of the UI packages (MudBlazor styles and scripts), the same for everyone",
        ["/_blazor"] = "the Blazor circuit hub: a circuit serves only the tenant of its user's membership, and every service call in it is checked as the member",
        ["/{**path:file}"] = "the static-file fallback for build outputs: files only, the same for everyone",
    };

    /// <summary>
    /// Tenant endpoints anyone may call without signing in, and why. They are probed like every tenant endpoint (with
    /// tenant B's key, no key and a read-only member, none of which holds their credential) and must refuse all three.
    /// </summary>
    private static readonly Dictionary<string, string> AnonymousTenantEndpoints = new(StringComparer.Ordinal)
    {
        ["/api/workflows/hooks/{hookId:guid}"] = "an inbound webhook is called by another system: the hook's secret (X-Hook-Secret, stored hashed) is the credential; an unknown hook and a wrong secret answer the same 404, and calls count against the caller's address quota",
        ["/api/forms/{formId:guid}"] = "a web form (web-to-lead) is filled in by anyone: a post can only create a record of the form's entity from its mapped fields, answers nothing of the tenant's data, and is bounded by a honeypot, a body limit and the caller's address quota",
    };

    /// <summary>
    /// Tenant writes a read-only member may make because they change only that member's own things, and why. They are
    /// probed like every write with tenant B's key and no key; the read-only member's empty body must be refused or
    /// answered 400, and what tenant A's owner reads must not change.
    /// </summary>
    private static readonly Dictionary<string, string> OwnWrites = new(StringComparer.Ordinal)
    {
        ["POST /api/views/{entity}"] = "saves the member's own list view: nobody else sees it, and its filter and columns are checked by the query service as the member",
        ["POST /api/notifications/read-all"] = "marks read the member's own notifications up to one of theirs: nobody else's notification is touched, and another's id is a 404",
    };

    /// <summary>Tenant reads whose answer changes with every request, and why; they must answer, but are not compared.</summary>
    private static readonly Dictionary<string, string> UsageReads = new(StringComparer.Ordinal)
    {
        ["/api/limits"] = "reports the tenant's request quota, which the probe's own calls as tenant A's members use up",
    };

    /// <summary>Query strings that endpoints needing them get on every call, filled from the route values like a path.</summary>
    private static readonly Dictionary<string, string> Queries = new(StringComparer.Ordinal)
    {
        ["/api/access/explain"] = "?user={userId}&entity={entity}&record={recordId}&field={field}",
        ["/api/search"] = "?q=a&entity={entity}",
    };

    private static readonly HttpStatusCode[] Refusals = [HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.NotFound];

    [Fact]
    public async Task No_endpoint_lets_another_tenant_or_an_anonymous_caller_in()
    {
        var a = await app.CreateTenantAsync("probe-a");
        var b = await app.CreateTenantAsync("probe-b");
        var routeValues = await RouteValuesOfAsync(a);
        var readOnlyEmail = $"reader-{Guid.NewGuid():N}@example.com";
        await app.AddMemberAsync(a.Tenant.Identifier, a.Key, readOnlyEmail, TenantRoles.ReadOnly);
        var readOnly = await app.SignedInAsync(readOnlyEmail);
        var endpoints = Endpoints();
        var before = await ReadEverythingAsync(a, endpoints, routeValues);
        var leaks = new List<string>();
        var calls = 0;

        var unlisted = endpoints.Where(e => e.Scope is null && !IsPublic(e.Pattern)).Select(e => $"{e.Method} {e.Pattern}").ToList();
        Assert.True(unlisted.Count == 0, $"Neither tenant nor platform endpoints, and not listed as public with a reason: {string.Join(", ", unlisted)}");
        var anonymous = endpoints.Where(e => e.Scope == TenantScope.Tenant && e.AllowsAnonymous && !AnonymousTenantEndpoints.ContainsKey(e.Pattern)).Select(e => $"{e.Method} {e.Pattern}").ToList();
        Assert.True(anonymous.Count == 0, $"Tenant endpoints open to anonymous callers, not listed with a reason: {string.Join(", ", anonymous)}");
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Scope is null)
            {
                continue;
            }

            var callers = endpoint.Scope == TenantScope.Tenant
                ? new[] { ("tenant B's key", (string?)b.Key, $"/t/{a.Tenant.Identifier}"), ("no key", null, $"/t/{a.Tenant.Identifier}") }
                : [("tenant A's key", a.Key, string.Empty), ("no key", null, string.Empty)];
            foreach (var (who, key, prefix) in callers)
            {
                calls++;
                var response = await SendAsync(key, endpoint.Method, prefix + Fill(endpoint.Pattern, routeValues));
                if (!Refusals.Contains(response.StatusCode) && !(endpoint.IsPage && EndedOnSignIn(response)))
                {
                    leaks.Add($"{endpoint.Method} {endpoint.Pattern} with {who}: {(int)response.StatusCode}");
                }
            }

            // A page's POST carries only its own forms, whose writes go through the services the API endpoints are probed on.
            if (endpoint.Scope == TenantScope.Tenant && endpoint.Method != "GET" && !endpoint.IsPage)
            {
                calls++;
                var response = await SendAsync(readOnly, endpoint.Method, $"/t/{a.Tenant.Identifier}{Fill(endpoint.Pattern, routeValues)}");
                var own = OwnWrites.ContainsKey($"{endpoint.Method} {endpoint.Pattern.TrimEnd('/')}");
                if (!Refusals.Contains(response.StatusCode) && !(own && response.StatusCode == HttpStatusCode.BadRequest))
                {
                    leaks.Add($"{endpoint.Method} {endpoint.Pattern} with a read-only member: {(int)response.StatusCode}");
                }
            }
        }

        var after = await ReadEverythingAsync(a, endpoints, routeValues);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Probe on {app.Provider}: {endpoints.Count} endpoints ({endpoints.Count(e => e.Scope == TenantScope.Tenant)} tenant, " +
            $"{endpoints.Count(e => e.Scope == TenantScope.Platform)} platform, {endpoints.Count(e => e.Scope is null)} public), {calls} calls, {leaks.Count} leaks");
        Assert.Empty(leaks);
        Assert.Equal(before, after);
    }

    /// <summary>Each tenant read answers its owner, so the refusals above are not just broken routes.</summary>
    private async Task<Dictionary<string, string>> ReadEverythingAsync(
        (TenantResponse Tenant, string Key) owner, IReadOnlyList<ProbedEndpoint> endpoints, IReadOnlyDictionary<string, string> routeValues)
    {
        var reads = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints.Where(e => e.Scope == TenantScope.Tenant && e.Method == "GET"))
        {
            var response = await SendAsync(owner.Key, "GET", $"/t/{owner.Tenant.Identifier}{Fill(endpoint.Pattern, routeValues)}");
            Assert.True(response.IsSuccessStatusCode, $"GET {endpoint.Pattern} should answer its own tenant, not {(int)response.StatusCode}.");
            reads[endpoint.Pattern] = UsageReads.ContainsKey(endpoint.Pattern)
                ? "(usage, not compared)"
                : endpoint.IsPage ? "(a page: its HTML carries per-request tokens; its data comes from the services probed here)"
                : await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        }

        return reads;
    }

    /// <summary>Real ids of tenant A for every route parameter; a new parameter name fails the probe until it is taught here.</summary>
    private async Task<Dictionary<string, string>> RouteValuesOfAsync((TenantResponse Tenant, string Key) tenant)
    {
        var keys = await app.ClientWithKey(tenant.Key).GetFromJsonAsync<JsonElement>($"/t/{tenant.Tenant.Identifier}/api/keys", TestContext.Current.CancellationToken);
        var member = await app.AddMemberAsync(tenant.Tenant.Identifier, tenant.Key, $"probe-{Guid.NewGuid():N}@example.com", TenantRoles.Staff);
        var entity = await app.ClientWithKey(tenant.Key).PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/metadata/entities", new
        {
            apiName = "probeThing",
            label = new { en = "Probe thing" },
            pluralLabel = new { en = "Probe things" },
            fields = new[] { new { apiName = "title", label = new { en = "Title" }, type = "text" } },
        }, TestContext.Current.CancellationToken);
        entity.EnsureSuccessStatusCode();
        (await app.ClientWithKey(tenant.Key).PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/metadata/entities/probeThing/rules", new
        {
            apiName = "probeRule",
            errorCondition = "title eq 'forbidden'",
            errorMessage = new { en = "Not that title" },
        }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var team = await app.ClientWithKey(tenant.Key).PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/teams", new { name = "Probe team" }, TestContext.Current.CancellationToken);
        var teamId = (await team.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        (await app.ClientWithKey(tenant.Key).PutAsync($"/t/{tenant.Tenant.Identifier}/api/teams/{teamId}/members/{member.UserId}", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var record = await app.ClientWithKey(tenant.Key).PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/data/probeThing", new { title = "probe" }, TestContext.Current.CancellationToken);
        record.EnsureSuccessStatusCode();
        var recordId = (await record.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        var (workflowId, runId) = await WorkflowOfAsync(tenant, recordId);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["recordId"] = recordId,
            ["jobId"] = await FinishedBulkJobAsync(tenant),
            ["id"] = keys[0].GetProperty("id").GetString()!,
            ["userId"] = member.UserId.ToString(),
            ["teamId"] = teamId,
            ["setId"] = await PermissionSetOfAsync(tenant),
            ["role"] = TenantRoles.Staff,
            ["entity"] = "probeThing",
            ["field"] = "title",
            ["rule"] = "probeRule",
            ["identifier"] = tenant.Tenant.Identifier,
            ["path"] = string.Empty,
            ["packId"] = await PackOfAsync(tenant),
            ["exportId"] = await PackExportOfAsync(tenant),
            ["workflowId"] = workflowId,
            ["version"] = "1",
            ["runId"] = runId,
            ["viewId"] = await ViewOfAsync(tenant, member.Email),
            ["viewName"] = await SharedViewOfAsync(tenant),
            ["notificationId"] = await NotificationOfAsync(tenant, member),
            ["dashboardId"] = await DashboardOfAsync(tenant),
            ["hookId"] = Guid.NewGuid().ToString(),
            ["formId"] = Guid.NewGuid().ToString(),
            ["publisher"] = "probe_publisher",
            ["keyId"] = Guid.NewGuid().ToString(),
        };
    }

    /// <summary>A list view the staff member saved, so the routes of views have a real view of tenant A.</summary>
    private async Task<string> ViewOfAsync((TenantResponse Tenant, string Key) tenant, string email)
    {
        var person = await app.SignedInAsync(email);
        var saved = await person.PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/views/probeThing", new { name = "Probe view", orderBy = "createdAt desc" }, TestContext.Current.CancellationToken);
        var body = await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(saved.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A dashboard of tenant A counting its probe things, so the dashboard routes have a real one.</summary>
    private async Task<string> DashboardOfAsync((TenantResponse Tenant, string Key) tenant)
    {
        var created = await app.ClientWithKey(tenant.Key).PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/dashboards", new
        {
            apiName = "probe",
            label = new { en = "Probe" },
            widgets = new[] { new { title = new { en = "Things" }, chart = "metric", entity = "probeThing" } },
        }, TestContext.Current.CancellationToken);
        var body = await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(created.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A shared list view the admin key published, so the shared view routes have a real one of tenant A.</summary>
    private async Task<string> SharedViewOfAsync((TenantResponse Tenant, string Key) tenant)
    {
        var saved = await app.ClientWithKey(tenant.Key).PutAsJsonAsync(
            $"/t/{tenant.Tenant.Identifier}/api/shared-views/probeThing/probeView", new { label = new { en = "Probe view" }, orderBy = "createdAt desc" }, TestContext.Current.CancellationToken);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return "probeView";
    }

    /// <summary>A notification of the staff member (a record the key assigned to them), so the notification routes have a real one of tenant A.</summary>
    private async Task<string> NotificationOfAsync((TenantResponse Tenant, string Key) tenant, MemberResponse member)
    {
        var assigned = await app.ClientWithKey(tenant.Key).PostAsJsonAsync(
            $"/t/{tenant.Tenant.Identifier}/api/data/probeThing", new { title = "Assigned", ownerId = member.UserId }, TestContext.Current.CancellationToken);
        Assert.True(assigned.IsSuccessStatusCode, await assigned.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var person = await app.SignedInAsync(member.Email);
        var list = await person.GetFromJsonAsync<JsonElement>($"/t/{tenant.Tenant.Identifier}/api/notifications", TestContext.Current.CancellationToken);
        return list.GetProperty("items")[0].GetProperty("id").GetString()!;
    }

    /// <summary>Installs the core pack (no sample data), so the installed pack's own route has something to show.</summary>
    private async Task<string> PackOfAsync((TenantResponse Tenant, string Key) tenant)
    {
        var installed = await app.ClientWithKey(tenant.Key).PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/packs", new { id = "core" }, TestContext.Current.CancellationToken);
        installed.EnsureSuccessStatusCode();
        return "core";
    }

    /// <summary>A pack with sample data uninstalled with export, so the export's route has a CSV of tenant A to (not) show.</summary>
    private async Task<string> PackExportOfAsync((TenantResponse Tenant, string Key) tenant)
    {
        var client = app.ClientWithKey(tenant.Key);
        var root = $"/t/{tenant.Tenant.Identifier}/api/packs";
        (await client.PostAsJsonAsync(root, new { id = "acme_upgrade", version = "1.0.0", sampleData = true }, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var uninstalled = await client.DeleteAsync($"{root}/acme_upgrade?exportAndDelete=true", TestContext.Current.CancellationToken);
        uninstalled.EnsureSuccessStatusCode();
        return (await uninstalled.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("exports")[0].GetProperty("id").GetString()!;
    }

    /// <summary>A published workflow of the tenant (its version 1) and a run of it on the record, so the workflow routes answer their own tenant.</summary>
    private async Task<(string WorkflowId, string RunId)> WorkflowOfAsync((TenantResponse Tenant, string Key) tenant, string recordId)
    {
        var client = app.ClientWithKey(tenant.Key);
        var created = await client.PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/workflows", new
        {
            name = "Probe workflow",
            trigger = new { type = "manual", entity = "probeThing" },
            steps = new object[] { new { id = "title", type = "updateFields", values = new Dictionary<string, string> { ["title"] = "'probed'" } } },
        }, TestContext.Current.CancellationToken);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
        (await client.PostAsync($"/t/{tenant.Tenant.Identifier}/api/workflows/{id}/publish", null, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        var run = await client.PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/workflows/{id}/run", new { recordIds = new[] { recordId } }, TestContext.Current.CancellationToken);
        run.EnsureSuccessStatusCode();
        var runId = (await run.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("runIds")[0].GetString()!;
        return (id, runId);
    }

    /// <summary>A bulk import of tenant A that has ended, so its status reads the same before and after the probe.</summary>
    private async Task<string> FinishedBulkJobAsync((TenantResponse Tenant, string Key) tenant)
    {
        using var upload = new StringContent("{\"title\":\"bulk probe\"}\n{\"nope\":1}\n", Encoding.UTF8, "application/x-ndjson");
        var started = await app.ClientWithKey(tenant.Key).PostAsync($"/t/{tenant.Tenant.Identifier}/api/data/probeThing/bulk", upload, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var location = started.Headers.Location!.ToString();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            var job = await app.ClientWithKey(tenant.Key).GetFromJsonAsync<JsonElement>(location, TestContext.Current.CancellationToken);
            if (job.GetProperty("status").GetString() is "completed" or "failed")
            {
                return job.GetProperty("id").GetString()!;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The probe's bulk job {location} did not end.");
    }

    private async Task<string> PermissionSetOfAsync((TenantResponse Tenant, string Key) tenant)
    {
        var set = await app.ClientWithKey(tenant.Key).PostAsJsonAsync($"/t/{tenant.Tenant.Identifier}/api/access/permission-sets", new
        {
            name = "Probe set",
            rules = new Dictionary<string, object> { ["probeThing"] = new { read = true, fields = new { title = "read" } } },
        }, TestContext.Current.CancellationToken);
        set.EnsureSuccessStatusCode();
        return (await set.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    private static bool IsPublic(string pattern)
    {
        var path = pattern.StartsWith('/') ? pattern : $"/{pattern}";
        return PublicEndpoints.ContainsKey(path) || PublicPrefixes.Keys.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>An anonymous browser on a staff page is sent to the tenant's sign-in form: a refusal, shown as a page.</summary>
    private static bool EndedOnSignIn(HttpResponseMessage response) =>
        response.IsSuccessStatusCode && response.RequestMessage?.RequestUri?.AbsolutePath.EndsWith("/signin", StringComparison.Ordinal) == true;

    private static string Fill(string pattern, IReadOnlyDictionary<string, string> values)
    {
        var parsed = RoutePatternFactory.Parse(pattern);
        var path = new StringBuilder();
        foreach (var segment in parsed.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternParameterPart parameter => values.TryGetValue(parameter.Name, out var value)
                        ? value
                        : throw new InvalidOperationException($"The probe cannot fill {{{parameter.Name}}} in {pattern}: add a value of tenant A for it."),
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => string.Empty,
                });
            }
        }

        if (Queries.TryGetValue(pattern, out var query))
        {
            path.Append(values.Aggregate(query, (text, value) => text.Replace($"{{{value.Key}}}", Uri.EscapeDataString(value.Value), StringComparison.Ordinal)));
        }

        return path.ToString();
    }

    private Task<HttpResponseMessage> SendAsync(string? key, string method, string path) => SendAsync(app.ClientWithKey(key), method, path);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        };
        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private List<ProbedEndpoint> Endpoints() =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ProbedEndpoint(
                    method, e.RoutePattern.RawText!, e.Metadata.GetMetadata<TenantScopeMetadata>()?.Scope, e.Metadata.GetMetadata<StaffPageMetadata>() is not null)
                {
                    AllowsAnonymous = e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null,
                }))
            .Where(e => e.Method != "HEAD" && e.Method != "OPTIONS")
            .Distinct(),
    ];

    private sealed record ProbedEndpoint(string Method, string Pattern, TenantScope? Scope, bool IsPage)
    {
        public bool AllowsAnonymous { get; init; }
    }
}

[Collection(OnSqlite.Name)]
public sealed class EndpointProbeOnSqlite(SqliteApp app) : EndpointProbeSpec(app);

[Collection(OnPostgres.Name)]
public sealed class EndpointProbeOnPostgres(PostgresApp app) : EndpointProbeSpec(app);
