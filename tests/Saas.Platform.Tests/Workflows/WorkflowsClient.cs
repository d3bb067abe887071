using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Records;

namespace Saas.Platform.Tests.Workflows;

/// <summary>Calls a tenant's workflows API (and its records API), as a client would.</summary>
public sealed class WorkflowsClient(HttpClient http, string tenant)
{
    public string Tenant => tenant;

    public RecordsClient Records => new(http, tenant);

    public static async Task<WorkflowsClient> ForNewTenantAsync(PlatformApp app, string prefix)
    {
        var (created, key) = await app.CreateTenantAsync(prefix);
        return new WorkflowsClient(app.ClientWithKey(key), created.Identifier);
    }

    public WorkflowsClient As(HttpClient other) => new(other, tenant);

    public Task<RecordAnswer> SendAsync(HttpMethod method, string path, object? body = null) => SendRawAsync(method, $"/t/{tenant}/api/workflows{path}", body);

    /// <summary>Any route of the tenant's API, by its path after <c>/t/{tenant}/api</c>.</summary>
    public Task<RecordAnswer> ApiAsync(HttpMethod method, string path, object? body = null) => SendRawAsync(method, $"/t/{tenant}/api{path}", body);

    /// <summary>Creates a workflow and fails the test unless it was created.</summary>
    public async Task<Guid> CreatedAsync(object definition)
    {
        var answer = await SendAsync(HttpMethod.Post, string.Empty, definition);
        Assert.True(answer.Status == HttpStatusCode.Created, $"{answer.Status}: {answer.Body}");
        return answer.Id;
    }

    /// <summary>Creates and publishes a workflow; answers its id.</summary>
    public async Task<Guid> PublishedAsync(object definition)
    {
        var id = await CreatedAsync(definition);
        var published = await SendAsync(HttpMethod.Post, $"/{id}/publish");
        Assert.True(published.Status == HttpStatusCode.OK, $"{published.Status}: {published.Body}");
        return id;
    }

    private async Task<RecordAnswer> SendRawAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            var json = body switch { string raw => raw, JsonNode node => node.ToJsonString(), _ => JsonSerializer.Serialize(body, JsonSerializerOptions.Web) };
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new RecordAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag?.Tag, response.Headers.Location?.ToString());
    }
}
