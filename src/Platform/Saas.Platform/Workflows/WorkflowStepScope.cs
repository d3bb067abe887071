namespace Saas.Platform.Workflows;

/// <summary>
/// The step a job is running, in the job's scope: record writes the step makes see it, so the trigger observer starts
/// the runs they trigger one level deeper than the step's run.
/// </summary>
internal sealed class WorkflowStepScope
{
    public StepInProgress? Current { get; private set; }

    public IDisposable Begin(StepInProgress step)
    {
        Current = step;
        return new End(this);
    }

    private sealed class End(WorkflowStepScope scope) : IDisposable
    {
        public void Dispose() => scope.Current = null;
    }
}

/// <summary>A running step: its run, id, attempt and depth.</summary>
internal sealed class StepInProgress(Guid runId, string stepId, int attempt, int depth)
{
    public Guid RunId { get; } = runId;

    public string StepId { get; } = stepId;

    public int Attempt { get; } = attempt;

    public int Depth { get; } = depth;
}
