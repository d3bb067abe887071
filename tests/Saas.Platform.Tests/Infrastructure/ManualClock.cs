namespace Saas.Platform.Tests.Infrastructure;

/// <summary>A clock that stands still until a test moves it, so time-based behaviour is tested without waiting.</summary>
public sealed class ManualClock : TimeProvider
{
    private long ticks = DateTimeOffset.UtcNow.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public void Advance(TimeSpan time) => Interlocked.Add(ref ticks, time.Ticks);
}
