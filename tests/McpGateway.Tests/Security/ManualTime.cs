namespace McpGateway.Tests.Security;

/// <summary>Virtual time for unit tests: moves only when told.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private long _ticks;

    public ManualTime() : this(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => start.AddTicks(Interlocked.Read(ref _ticks));

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
