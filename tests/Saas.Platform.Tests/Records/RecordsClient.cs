using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Infrastructure;
using Saas.Platform.Tests.Metadata;

namespace Saas.Platform.Tests.Records;

/// <summary>One answer of the records API: status, JSON body and the ETag and Location headers.</summary>
public sealed record RecordAnswer(HttpStatusCode Status, JsonNode? Body, string? ETag, string? Location)
{
    public JsonObject Errors => Body?["errors"]?.AsObject() ?? throw new InvalidOperationException($"No errors in a {Status}: {Body}");

    public Guid Id => Guid.Parse(Body!["id"]!.GetValue<string>());

    public string Messages(string field) =>
        Errors[field] is JsonArray messages ? string.Join(" ", messages.Select(m => m!.GetValue<string>())) : string.Empty;
}

/// <summary>Calls a tenant's records API, as a client would.</summary>
public sealed class RecordsClient(HttpClient http, string tenant)
{
    public string Tenant => tenant;

    public MetadataClient Metadata => new(http, tenant);

    public static async Task<RecordsClient> ForNewTenantAsync(PlatformApp app, string prefix)
    {
        var (created, key) = await app.CreateTenantAsync(prefix);
        return new RecordsClient(app.ClientWithKey(key), created.Identifier);
    }

    public RecordsClient As(HttpClient other) => new(other, tenant);

    public Task<RecordAnswer> CreateAsync(string entity, object body) => SendAsync(HttpMethod.Post, $"/{entity}", body);

    /// <summary>A create whose caller reads <paramref name="acceptLanguage"/> (such as <c>zh-CN</c>).</summary>
    public Task<RecordAnswer> CreateAsync(string entity, object body, string acceptLanguage) =>
        SendAsync(HttpMethod.Post, $"/{entity}", body, ("Accept-Language", acceptLanguage));

    /// <summary>Creates a record and fails the test unless it was created.</summary>
    public async Task<RecordAnswer> CreatedAsync(string entity, object body)
    {
        var answer = await CreateAsync(entity, body);
        Assert.True(answer.Status == HttpStatusCode.Created, $"{answer.Status}: {answer.Body}");
        return answer;
    }

    public Task<RecordAnswer> GetAsync(string entity, Guid id, string? ifNoneMatch = null) =>
        SendAsync(HttpMethod.Get, $"/{entity}/{id}", null, ("If-None-Match", ifNoneMatch));

    public Task<RecordAnswer> PatchAsync(string entity, Guid id, object body, string? ifMatch = null) =>
        SendAsync(HttpMethod.Patch, $"/{entity}/{id}", body, ("If-Match", ifMatch));

    public Task<RecordAnswer> DeleteAsync(string entity, Guid id, string? ifMatch = null, bool purge = false) =>
        SendAsync(HttpMethod.Delete, $"/{entity}/{id}{(purge ? "?purge=true" : string.Empty)}", null, ("If-Match", ifMatch));

    public Task<RecordAnswer> RestoreAsync(string entity, Guid id) => SendAsync(HttpMethod.Post, $"/{entity}/{id}/restore", null);

    public Task<RecordAnswer> RecycleBinAsync(string entity) => SendAsync(HttpMethod.Get, $"/{entity}/recycle-bin", null);

    public Task<RecordAnswer> HistoryAsync(string entity, Guid id) => SendAsync(HttpMethod.Get, $"/{entity}/{id}/history", null);

    private async Task<RecordAnswer> SendAsync(HttpMethod method, string path, object? body, params (string Name, string? Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, $"/t/{tenant}/api/data{path}");
        request.Content = body switch
        {
            null => null,
            string json => new StringContent(json, Encoding.UTF8, "application/json"),
            _ => new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers.Where(h => h.Value is not null))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new RecordAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag?.ToString(), response.Headers.Location?.ToString());
    }
}
