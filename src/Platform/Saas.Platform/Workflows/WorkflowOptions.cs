using System.ComponentModel.DataAnnotations;

namespace Saas.Platform.Workflows;

/// <summary>Configuration section <c>Workflows</c>: how the engine polls, retries and bounds runs.</summary>
public sealed class WorkflowOptions
{
    public const string Section = "Workflows";

    /// <summary>How often the dispatcher looks for due work (new runs, elapsed waits, retries, lost jobs).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many consecutive steps of a run one job takes before it enqueues the next job (a wait, an approval or a failure ends it sooner).</summary>
    [Range(1, 1000)]
    public int StepsPerJob { get; set; } = 50;

    /// <summary>How many runs one job takes, one after the other, when many start or fall due at once (a manual run on many records, a sweep).</summary>
    [Range(1, 1000)]
    public int RunsPerJob { get; set; } = 20;

    /// <summary>Attempts of a failing step before the run is Faulted.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the second attempt; each later attempt waits twice as long.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dispatched step may take before the sweep treats its job as lost and enqueues it again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How deep runs may start runs through their own writes (a run's update firing a trigger is one level).</summary>
    [Range(0, 10)]
    public int MaxDepth { get; set; } = 3;

    /// <summary>How often the timer sweep looks for due schedules and date triggers in the tenants that have them.</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the timer sweep visits every active tenant, to find timers another process published.</summary>
    public TimeSpan TimerRescanInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest body an inbound webhook call may post.</summary>
    [Range(1, 10 * 1024 * 1024)]
    public int MaxHookBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Related records a <c>forEach</c> step may loop over; more faults the step rather than leaving some out.</summary>
    [Range(1, 999)]
    public int MaxForEachItems { get; set; } = 200;

    /// <summary>Records one manual run request may name, and one schedule occurrence may start runs on.</summary>
    [Range(1, 10_000)]
    public int MaxRecordsPerRun { get; set; } = 1000;
}
