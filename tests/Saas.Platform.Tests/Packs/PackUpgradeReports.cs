using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Saas.Platform.Tests.Packs;

/// <summary>What the pack upgrade specs share: posting an upgrade (or its dry run), finding a change in its report, reading an entity's metadata.</summary>
internal static class PackUpgradeReports
{
    public static async Task<JsonObject> PostAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static JsonNode? Change(JsonObject report, string component, string? property) =>
        report["changes"]!.AsArray().FirstOrDefault(c => c!["component"]!.GetValue<string>() == component && c["property"]?.GetValue<string>() == property);

    public static async Task<JsonObject> EntityAsync(HttpClient client, string root, string entity) =>
        (await client.GetFromJsonAsync<JsonObject>($"{root}/metadata/entities/{entity}", TestContext.Current.CancellationToken))!;

    public static JsonObject FieldOf(JsonObject entity, string field) =>
        entity["fields"]!.AsArray().Single(f => f!["apiName"]!.GetValue<string>() == field)!.AsObject();
}
