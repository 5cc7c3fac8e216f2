namespace McpGateway.Functions;

/// <summary>The function folders under <c>functions/</c>; the host POSTs invocations to <c>/{name}</c>.</summary>
public static class FunctionNames
{
    /// <summary>The catch-all HTTP function; proxied, never invoked with a payload.</summary>
    public const string Http = "Http";
    /// <summary>Timer: one health sweep.</summary>
    public const string HealthSweep = "HealthSweep";
    /// <summary>Queue trigger on the job queue: one job delivery.</summary>
    public const string RunJob = "RunJob";

    /// <summary>The binding name of the queue message in RunJob's function.json.</summary>
    public const string JobMessageBinding = "message";
    /// <summary>The binding name of the timer in HealthSweep's function.json.</summary>
    public const string TimerBinding = "timer";
}
