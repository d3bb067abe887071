using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Saas.Platform.Audit;
using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Metadata;

/// <summary>One answer of the metadata API: its status, its JSON body (if any) and the metadata version it carried.</summary>
public sealed record MetadataAnswer(HttpStatusCode Status, JsonNode? Body, long? Version)
{
    /// <summary>The validation errors of a 400, keyed by path.</summary>
    public JsonObject Errors => Body?["errors"]?.AsObject() ?? throw new InvalidOperationException($"No errors in a {Status}: {Body}");

    public string Detail => Body?["detail"]?.GetValue<string>() ?? string.Empty;

    /// <summary>The messages of one error path, joined; empty when the path has none.</summary>
    public string Messages(string path) =>
        Errors[path] is JsonArray messages ? string.Join(" ", messages.Select(m => m!.GetValue<string>())) : string.Empty;
}

/// <summary>Calls a tenant's metadata API with a key, as a client would.</summary>
public sealed class MetadataClient(HttpClient http, string tenant)
{
    public string Tenant => tenant;

    public string Base => $"/t/{tenant}/api/metadata/entities";

    public static async Task<MetadataClient> ForNewTenantAsync(PlatformApp app, string prefix)
    {
        var (created, key) = await app.CreateTenantAsync(prefix);
        return new MetadataClient(app.ClientWithKey(key), created.Identifier);
    }

    /// <summary>The same tenant and key through another client, such as one of another node.</summary>
    public MetadataClient Through(HttpClient other)
    {
        other.DefaultRequestHeaders.Add("X-Api-Key", http.DefaultRequestHeaders.GetValues("X-Api-Key"));
        return new MetadataClient(other, tenant);
    }

    public async Task<AuditRecord[]> AuditAsync() =>
        (await http.GetFromJsonAsync<AuditRecord[]>($"/t/{tenant}/api/audit", TestContext.Current.CancellationToken))!;

    public Task<MetadataAnswer> GetAsync(string path = "") => SendAsync(HttpMethod.Get, path, null);

    public Task<MetadataAnswer> PostAsync(string path, object? body) => SendAsync(HttpMethod.Post, path, body);

    public Task<MetadataAnswer> PatchAsync(string path, object body) => SendAsync(HttpMethod.Patch, path, body);

    public Task<MetadataAnswer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    /// <summary>Creates an entity and fails the test unless it was created.</summary>
    public async Task<JsonNode> CreateEntityAsync(object body)
    {
        var answer = await PostAsync(string.Empty, body);
        Assert.True(answer.Status == HttpStatusCode.Created, $"{answer.Status}: {answer.Body}");
        return answer.Body!;
    }

    public Task<JsonNode> CreateEntityAsync(string apiName, params object[] fields) =>
        CreateEntityAsync(new { apiName, label = new { en = apiName }, pluralLabel = new { en = apiName + "s" }, fields });

    public async Task<MetadataAnswer> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, Base + path);
        request.Content = body switch
        {
            null => null,
            string json => new StringContent(json, Encoding.UTF8, "application/json"),
            _ => JsonContent.Create(body),
        };
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var version = response.Headers.TryGetValues("Metadata-Version", out var values) ? long.Parse(values.Single(), System.Globalization.CultureInfo.InvariantCulture) : (long?)null;
        return new MetadataAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), version);
    }

    /// <summary>A field body with English and Chinese labels.</summary>
    public static object Field(string apiName, string type, object? settings = null, bool? required = null, bool? unique = null, bool? indexed = null) =>
        new { apiName, label = new Dictionary<string, string> { ["en"] = apiName, ["zh-CN"] = "字段" + apiName }, type, settings, required, unique, indexed };
}
