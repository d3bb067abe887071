using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsvHelper;

namespace Saas.Platform.Tests.Bulk;

/// <summary>One answer of the bulk API: status, JSON body and the job's URL.</summary>
public sealed record BulkAnswer(HttpStatusCode Status, JsonNode? Body, string? Location)
{
    public string Messages(string key) =>
        Body?["errors"]?[key] is JsonArray messages ? string.Join(" ", messages.Select(m => m!.GetValue<string>())) : $"(no errors for {key}: {Body})";
}

/// <summary>Uploads imports, follows their jobs and exports, as a client of a tenant would.</summary>
public sealed class BulkClient(HttpClient http, string tenant)
{
    public const string Ndjson = "application/x-ndjson";
    public const string Csv = "text/csv";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public string Tenant => tenant;

    public BulkClient As(HttpClient other) => new(other, tenant);

    /// <summary>Uploads <paramref name="body"/> as the request body; <paramref name="query"/> starts with '?' when given.</summary>
    public Task<BulkAnswer> UploadAsync(string entity, string body, string contentType, string query = "", string? idempotencyKey = null) =>
        SendAsync(entity, new StringContent(body, Encoding.UTF8, contentType), query, idempotencyKey);

    /// <summary>Uploads a CSV file and its mapping as a multipart form.</summary>
    public Task<BulkAnswer> UploadFormAsync(string entity, string csv, string mapping, string query = "")
    {
        var form = new MultipartFormDataContent();
        var file = new StringContent(csv, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue(Csv);
        form.Add(file, "file", "people.csv");
        form.Add(new StringContent(mapping, Encoding.UTF8, "application/json"), "mapping");
        return SendAsync(entity, form, query, null);
    }

    /// <summary>Uploads and waits for the job to end; fails the test unless the upload was accepted.</summary>
    public async Task<JsonNode> ImportAsync(string entity, string body, string contentType, string query = "")
    {
        var started = await UploadAsync(entity, body, contentType, query);
        Assert.True(started.Status == HttpStatusCode.Accepted, $"{started.Status}: {started.Body}");
        return await FinishedAsync(started.Location!);
    }

    /// <summary>Polls the job until it has ended (30 seconds at most).</summary>
    public async Task<JsonNode> FinishedAsync(string location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var (status, job) = await GetAsync(location);
            Assert.Equal(HttpStatusCode.OK, status);
            if (job!["status"]!.GetValue<string>() is "completed" or "failed" || DateTime.UtcNow > deadline)
            {
                return job;
            }

            await Task.Delay(50, Cancel);
        }
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string location)
    {
        using var response = await http.GetAsync(location, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Any GET answered as text: the errors CSV, an export.</summary>
    public async Task<(HttpStatusCode Status, string Text, string? ContentType)> TextAsync(string url)
    {
        using var response = await http.GetAsync(url, Cancel);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Cancel), response.Content.Headers.ContentType?.MediaType);
    }

    public Task<(HttpStatusCode Status, string Text, string? ContentType)> ExportAsync(string entity, string query = "") =>
        TextAsync($"/t/{tenant}/api/data/{entity}/export{query}");

    private async Task<BulkAnswer> SendAsync(string entity, HttpContent content, string query, string? idempotencyKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/t/{tenant}/api/data/{entity}/bulk{query}") { Content = content };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await http.SendAsync(request, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        return new BulkAnswer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.Location?.ToString());
    }

    /// <summary>The job's counters of the given names, in order.</summary>
    public static int[] Counts(JsonNode job, params string[] names) => [.. names.Select(n => job[n]!.GetValue<int>())];

    /// <summary>The records of a CSV text, the header first, each as its cells.</summary>
    public static List<string[]> Rows(string csv)
    {
        using var reader = CsvReader.Create(new StringReader(csv.TrimStart('\uFEFF')), new CsvReaderOptions { Separator = ',', HasHeader = false }, false);
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetString)]);
        }

        return rows;
    }
}
