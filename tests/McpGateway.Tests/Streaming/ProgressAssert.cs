namespace McpGateway.Tests.Streaming;

/// <summary>
/// Progress as the gateway can promise it today: strictly increasing and ending with the last step. Not necessarily
/// every step — the MCP SDK runs notification handlers on the thread pool, and the upstream layer (ProgressRouter)
/// drops a notification that arrives after a higher one, so under load a middle step can be missing.
/// </summary>
public static class ProgressAssert
{
    public static void InOrderEndingAt(IReadOnlyList<double> progress, int steps, string context)
    {
        Assert.True(progress.Count > 0, "no progress: " + context);
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First < p.Second), "progress not increasing: " + string.Join(",", progress) + " " + context);
        Assert.Equal(steps, progress[^1]);
        Assert.All(progress, p => Assert.InRange(p, 1, steps));
    }
}
