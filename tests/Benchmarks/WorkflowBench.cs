using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Saas.Benchmarks;

/// <summary>
/// Steps per second of the workflow engine: a published 5-step workflow (if, then four field updates through the
/// record service) started by hand on <c>records</c> new deals, timed from the run request until no run is pending,
/// after warm-up rounds of the same on as many other deals (<see cref="JitWarmUp"/>). The first warm-up round is
/// reported too: run on its own, it is the figure of a process that just started.
/// </summary>
internal static class WorkflowBench
{
    private const int Steps = 5;

    public static async Task<string[][]> MeasureAsync(HttpClient api, string provider, int records)
    {
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

        // Each round runs on new deals: on deals it already ran on, the field updates would change nothing.
        var first = 50_000;
        var cold = TimeSpan.Zero;
        var rounds = await JitWarmUp.RunAsync($"workflows ({provider})", async round =>
        {
            var deals = await CreateDealsAsync(api, first, records);
            first += records;
            var clock = Stopwatch.StartNew();
            await RunAllAsync(api, id!, deals);
            cold = round == 0 ? clock.Elapsed : cold;
        });
        var ids = await CreateDealsAsync(api, first, records);
        await Console.Error.WriteLineAsync($"workflows: starting {records} runs ({provider})");
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await RunAllAsync(api, id!, ids);
        var elapsed = clock.Elapsed;
        var cpuPerStep = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (records * Steps);
        var faulted = await AnyAsync(api, "faulted") ? " (some runs faulted)" : string.Empty;

        // On a shared machine the wall clock follows the load; the process's CPU time per step (the database server's
        // own time not included) says what a step costs this process.
        return
        [
            [$"workflows: 5-step runs on {records} records, {provider}", $"{records * Steps / elapsed.TotalSeconds:F0} steps/s{faulted}, {cpuPerStep:F2} ms CPU/step, after {rounds} warm-up rounds", "-", "-", ">= 500 steps/s"],
            [$"workflows: the first warm-up round, {provider}", $"{records * Steps / cold.TotalSeconds:F0} steps/s", "-", "-", "-"],
        ];
    }

    private static async Task<List<string>> CreateDealsAsync(HttpClient api, int first, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var created = await api.PostAsJsonAsync("/t/bench/api/data/deal", SampleRow.For(first + i).AsPayload());
            created.EnsureSuccessStatusCode();
            ids.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        return ids;
    }

    /// <summary>Starts the workflow on the records, a thousand per request, and waits until no run is pending.</summary>
    private static async Task RunAllAsync(HttpClient api, string workflowId, List<string> ids)
    {
        foreach (var chunk in ids.Chunk(1000))
        {
            (await api.PostAsJsonAsync($"/t/bench/api/workflows/{workflowId}/run", new { recordIds = chunk })).EnsureSuccessStatusCode();
        }

        while (await AnyAsync(api, "pending"))
        {
            await Task.Delay(50);
        }
    }

    private static async Task<bool> AnyAsync(HttpClient api, string status) =>
        (await api.GetFromJsonAsync<JsonElement>($"/t/bench/api/workflows/runs?status={status}&take=1")).GetArrayLength() > 0;
}
