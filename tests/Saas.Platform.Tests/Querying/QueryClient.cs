using System.Net;
using System.Text.Json.Nodes;
using Saas.Platform.Tests.Records;

namespace Saas.Platform.Tests.Querying;

/// <summary>One answer of the query endpoint.</summary>
public sealed record QueryAnswer(HttpStatusCode Status, JsonNode? Body)
{
    public JsonArray Value => Body?["value"]?.AsArray() ?? throw new InvalidOperationException($"No value in a {Status}: {Body}");

    public string? NextLink => Body?["@odata.nextLink"]?.GetValue<string>();

    /// <summary>The <c>title</c> of each record, in order.</summary>
    public string[] Titles => [.. Value.Select(r => r!["title"]!.GetValue<string>())];

    public string Messages(string option) =>
        Body?["errors"]?[option] is JsonArray messages ? string.Join(" ", messages.Select(m => m!.GetValue<string>())) : $"(no errors for {option}: {Body})";
}

/// <summary>Calls <c>GET /t/{tenant}/api/data/{entity}</c> with query options written as a client writes them.</summary>
public sealed class QueryClient(HttpClient http, RecordsClient records)
{
    public RecordsClient Records => records;

    public static async Task<QueryClient> ForNewTenantAsync(Infrastructure.PlatformApp app, string prefix)
    {
        var (created, key) = await app.CreateTenantAsync(prefix);
        var http = app.ClientWithKey(key);
        return new QueryClient(http, new RecordsClient(http, created.Identifier));
    }

    /// <summary><paramref name="options"/> are unencoded pairs; each value is URL-encoded here.</summary>
    public Task<QueryAnswer> QueryAsync(string entity, params (string Name, string Value)[] options) =>
        GetAsync($"/t/{records.Tenant}/api/data/{entity}" + (options.Length == 0 ? string.Empty
            : "?" + string.Join("&", options.Select(o => $"{Uri.EscapeDataString(o.Name)}={Uri.EscapeDataString(o.Value)}"))));

    public async Task<QueryAnswer> GetAsync(string url)
    {
        using var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new QueryAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The filtered titles, failing the test with the answer unless it is a 200.</summary>
    public async Task<string[]> TitlesAsync(string entity, string filter, string orderBy = "title")
    {
        var answer = await QueryAsync(entity, ("$filter", filter), ("$orderby", orderBy));
        Assert.True(answer.Status == HttpStatusCode.OK, $"{filter}: {answer.Status} {answer.Body}");
        return [.. answer.Titles.Select(t => t.ToLowerInvariant())];
    }
}
