using System.Net;
using System.Text.Json.Nodes;

namespace Saas.Platform.Tests.Search;

/// <summary>The answer of a search: status, body, and the hits of each entity's group as (entity, record id) pairs.</summary>
public sealed record SearchAnswer(HttpStatusCode Status, JsonNode? Body)
{
    public JsonArray Groups => Body?["groups"]?.AsArray() ?? throw new InvalidOperationException($"No groups in a {Status}: {Body}");

    public IReadOnlyList<JsonNode> Hits => [.. Groups.SelectMany(g => g!["hits"]!.AsArray()).Select(h => h!)];

    public IReadOnlyList<Guid> Ids => [.. Hits.Select(h => Guid.Parse(h["id"]!.GetValue<string>()))];

    public IReadOnlyList<string> Entities => [.. Groups.Select(g => g!["entity"]!.GetValue<string>())];

    public JsonNode Hit(Guid id) => Hits.Single(h => h["id"]!.GetValue<string>() == id.ToString());
}

/// <summary>Calls a tenant's search API, as a client would.</summary>
public sealed class SearchClient(HttpClient http, string tenant)
{
    public async Task<SearchAnswer> SearchAsync(string q, string? entity = null, string? top = null)
    {
        var query = $"?q={Uri.EscapeDataString(q)}" + (entity is null ? string.Empty : $"&entity={Uri.EscapeDataString(entity)}")
            + (top is null ? string.Empty : $"&top={Uri.EscapeDataString(top)}");
        return await RawAsync(query);
    }

    /// <summary>A search with a query string as given, e.g. <c>?q=acme&amp;top=0</c>.</summary>
    public async Task<SearchAnswer> RawAsync(string query)
    {
        using var response = await http.GetAsync($"/t/{tenant}/api/search{query}", TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new SearchAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Searches and fails the test unless the answer is a 200.</summary>
    public async Task<SearchAnswer> FoundAsync(string q, string? entity = null, string? top = null)
    {
        var answer = await SearchAsync(q, entity, top);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{answer.Status}: {answer.Body}");
        return answer;
    }
}
