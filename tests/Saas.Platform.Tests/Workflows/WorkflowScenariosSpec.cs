using Saas.Platform.Tests.Infrastructure;

namespace Saas.Platform.Tests.Workflows;

/// <summary>Every JSON scenario in Workflows/Scenarios, end to end through the HTTP API, on a clock the scenarios move.</summary>
public abstract class WorkflowScenariosSpec(ClockedApp app)
{
    public static TheoryData<string> Scenarios => [.. WorkflowScenario.All()];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public Task Scenario_plays_as_written(string scenario) => new WorkflowScenario(app, WorkflowScenario.Load(scenario)).PlayAsync();
}

[Collection(ClockedOnSqlite.Name)]
public sealed class WorkflowScenariosOnSqlite(ClockedSqliteApp app) : WorkflowScenariosSpec(app);

[Collection(ClockedOnPostgres.Name)]
public sealed class WorkflowScenariosOnPostgres(ClockedPostgresApp app) : WorkflowScenariosSpec(app);
