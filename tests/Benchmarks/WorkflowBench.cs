using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Benchmarks;

/// <summary>
/// Steps per second of the workflow engine: a published 5-step workflow (if, then four field updates through the
/// record service) started by hand on <c>records</c> new deals, timed from the run request until no run is pending.
/// </summary>
internal static class WorkflowBench
{
    private const int Steps = 5;

    public static async Task<string[]> MeasureAsync(HttpClient api, string provider, int records)
    {
        var ids = new List<string>();
        for (var i = 0; i < records; i++)
        {
            var created = await api.PostAsJsonAsync("/t/bench/api/data/deal", SampleRow.For(50_000 + i).AsPayload());
            created.EnsureSuccessStatusCode();
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        var workflow = await api.PostAsJsonAsync("/t/bench/api/workflows", new
        {
            name = "Five steps",
            trigger = new { type = "manual", entity = "deal" },
            steps = new object[]
            {
                new
                {
                    id = "big", type = "if", condition = "amount gt 100",
                    then = new object[] { new { id = "noteBig", type = "updateFields", values = new Dictionary<string, string> { ["notes"] = "'big deal'" } } },
                    @else = new object[] { new { id = "noteSmall", type = "updateFields", values = new Dictionary<string, string> { ["notes"] = "'small deal'" } } },
                },
                new { id = "city", type = "updateFields", values = new Dictionary<string, string> { ["city"] = "'Shanghai'" } },
                new { id = "active", type = "updateFields", values = new Dictionary<string, string> { ["active"] = "true" } },
                new { id = "probability", type = "updateFields", values = new Dictionary<string, string> { ["probability"] = "50" } },
            },
        });
        workflow.EnsureSuccessStatusCode();
        var id = (await workflow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        (await api.PostAsync($"/t/bench/api/workflows/{id}/publish", null)).EnsureSuccessStatusCode();

        await Console.Error.WriteLineAsync($"workflows: starting {records} runs ({provider})");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        foreach (var chunk in ids.Chunk(1000))
        {
            (await api.PostAsJsonAsync($"/t/bench/api/workflows/{id}/run", new { recordIds = chunk })).EnsureSuccessStatusCode();
        }

        while (await AnyAsync(api, "pending"))
        {
            await Task.Delay(50);
        }

        var elapsed = clock.Elapsed;
        var cpuPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (records * Steps);
        var faulted = await AnyAsync(api, "faulted") ? " (some runs faulted)" : string.Empty;

        // On a shared machine the wall clock follows the load; the process's CPU time per step (the database server's
        // own time not included) says what a step costs this process.
        return [$"workflows: 5-step runs on {records} records, {provider}", $"{records * Steps / elapsed.TotalSeconds:F0} steps/s{faulted}, {cpuPerStep:F2} ms CPU/step", "-", "-", ">= 500 steps/s"];
    }

    private static async Task<bool> AnyAsync(HttpClient api, string status) =>
        (await api.GetFromJsonAsync<JsonElement>($"/t/bench/api/workflows/runs?status={status}&take=1")).GetArrayLength() > 0;
}
