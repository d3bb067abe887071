using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Benchmarks;

/// <summary>
/// Time from a restart to resumed runs: a host starts <c>records</c> runs that wait on a short timer, stops while they
/// wait, and a new host on the same database (a new, empty job storage) is timed from its start until every run has
/// completed: host start-up, the recovery sweep, the due timers and the remaining step.
/// </summary>
internal static class RestartBench
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public static async Task<string[]> MeasureAsync(string provider, string connectionString, int records)
    {
        var folder = Path.Combine(Path.GetTempPath(), "saas-bench", Guid.NewGuid().ToString("N"));
        string key;
        var started = Stopwatch.StartNew();
        await using (var first = new BenchmarkHost(provider, connectionString, folder))
        {
            var api = await first.NewTenantAsync("restart");
            key = api.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
            (await api.PostAsJsonAsync("/t/restart/api/metadata/entities", Deals.Entity)).EnsureSuccessStatusCode();
            var ids = new List<string>();
            for (var i = 0; i < records; i++)
            {
                var created = await api.PostAsJsonAsync("/t/restart/api/data/deal", SampleRow.For(70_000 + i).AsPayload());
                created.EnsureSuccessStatusCode();
                ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }

            var workflow = await api.PostAsJsonAsync("/t/restart/api/workflows", new
            {
                name = "Wait, then note",
                trigger = new { type = "manual", entity = "deal" },
                steps = new object[]
                {
                    new { id = "pause", type = "wait", duration = $"PT{Wait.TotalSeconds}S" },
                    new { id = "note", type = "updateFields", values = new Dictionary<string, string> { ["notes"] = "'resumed'" } },
                },
            });
            workflow.EnsureSuccessStatusCode();
            var id = (await workflow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            (await api.PostAsync($"/t/restart/api/workflows/{id}/publish", null)).EnsureSuccessStatusCode();
            started.Restart();
            foreach (var chunk in ids.Chunk(1000))
            {
                (await api.PostAsJsonAsync($"/t/restart/api/workflows/{id}/run", new { recordIds = chunk })).EnsureSuccessStatusCode();
            }

            while (await CountAsync(api, "pending") > 0)
            {
                await Task.Delay(50);
            }
        }

        // The timers fall due while no host runs, as after an outage.
        var left = Wait - started.Elapsed;
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left);
        }

        var clock = Stopwatch.StartNew();
        await using var second = new BenchmarkHost(provider, connectionString, folder);
        var client = second.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        while (await CountAsync(client, "waiting") > 0 || await CountAsync(client, "pending") > 0)
        {
            await Task.Delay(50);
        }

        var elapsed = clock.Elapsed;
        var completed = await CountAsync(client, "completed");
        return [$"workflows: restart to {records} resumed runs completed, {provider}", $"{elapsed.TotalSeconds:F1} s ({completed} completed)", "-", "-", "<= 30 s"];
    }

    private static async Task<int> CountAsync(HttpClient api, string status) =>
        (await api.GetFromJsonAsync<JsonElement>($"/t/restart/api/workflows/runs?status={status}&take=500")).GetArrayLength();
}
