using System.Diagnostics;
using System.Runtime;

namespace Saas.Benchmarks;

/// <summary>
/// A server that has run for a while runs its hot paths in optimized code, while a new process spends its first minutes
/// in the JIT compiler's tiers: each hot method is compiled quickly, then instrumented, then optimized with the profile
/// it gathered, on a background thread that competes for the machine's two cores. A measure of the server as it runs
/// all day therefore comes after warm-up rounds of the same work, until a round spends under 2 % of its time compiling.
/// </summary>
internal static class JitWarmUp
{
    private const int MaxRounds = 20;

    private const double SettledShare = 0.02;

    /// <summary>Runs <paramref name="round"/> (given its number, from 0) until the JIT is settled; answers how many rounds ran.</summary>
    public static async Task<int> RunAsync(string what, Func<int, Task> round)
    {
        var rounds = 0;
        while (rounds < MaxRounds)
        {
            var compiling = JitInfo.GetCompilationTime();
            var clock = Stopwatch.StartNew();
            await round(rounds++);
            var share = (JitInfo.GetCompilationTime() - compiling) / clock.Elapsed;
            await Console.Error.WriteLineAsync($"{what}: warm-up round {rounds} took {clock.Elapsed.TotalSeconds:F1} s, {share:P1} of it compiling");
            if (share < SettledShare)
            {
                break;
            }
        }

        return rounds;
    }
}
