namespace McpGateway.Tests.Streaming;

/// <summary>Progress as the gateway promises it: every step, 1 to <c>steps</c>, in order.</summary>
public static class ProgressAssert
{
    public static void Complete(IReadOnlyList<double> progress, int steps, string context)
        => Assert.True(Enumerable.Range(1, steps).Select(i => (double)i).SequenceEqual(progress),
            $"expected progress 1..{steps}, got [{string.Join(",", progress)}] {context}");
}
