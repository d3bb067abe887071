using Microsoft.Extensions.Options;

namespace Saas.Platform.Ui.Work;

/// <summary>The staff app's settings (section <c>StaffApp</c>).</summary>
public sealed class StaffAppOptions
{
    /// <summary>How often inboxes (approvals, notifications) reload while they are on screen.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A list page counts its records up to this many and then shows "10000+", as Dynamics 365 does.</summary>
    public int ListCountLimit { get; set; } = 10_000;
}

/// <summary>
/// Reloads a component's data every <see cref="StaffAppOptions.RefreshInterval"/> while it is on screen, so an inbox
/// shows what arrived without the person reloading the page. Made per component, which disposes it.
/// </summary>
public sealed class LiveRefresh(IOptions<StaffAppOptions> options, TimeProvider clock) : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private Task? loop;

    /// <summary>Starts the reloads (once): <paramref name="refresh"/> runs on the component's dispatcher and re-renders it.</summary>
    public void Start(Func<Task> refresh) => loop ??= RunAsync(refresh);

    private async Task RunAsync(Func<Task> refresh)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                await refresh();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // The component left the screen or the circuit closed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
        }

        if (loop is not null)
        {
            await loop;
        }

        stop.Dispose();
    }
}
