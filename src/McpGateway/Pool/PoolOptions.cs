namespace McpGateway.Pool;

/// <summary>
/// Settings of stdio process pools (section <c>McpGateway:Pool</c>; <c>MIN_WORKERS</c>, <c>MAX_WORKERS</c> and <c>MAX_TOTAL_WORKERS</c>
/// in the environment). An instance's <c>min_workers</c>/<c>max_workers</c> override the first two.
/// </summary>
public sealed class PoolOptions
{
    public const string Section = "McpGateway:Pool";

    /// <summary>Processes kept started and initialised per stdio instance once it has been used.</summary>
    public int MinWorkers { get; set; } = 2;
    /// <summary>Most processes per stdio instance (dedicated processes not included).</summary>
    public int MaxWorkers { get; set; } = 8;
    /// <summary>Most processes in this gateway across all pools, dedicated processes included.</summary>
    public int MaxTotalWorkers { get; set; } = 64;
    /// <summary>Calls one process serves at once; further calls queue until one finishes.</summary>
    public int MaxConcurrentCallsPerWorker { get; set; } = 4;
    /// <summary>A new process is started when the least-loaded live process already has this many calls in flight (or calls queue).</summary>
    public int ScaleUpThreshold { get; set; } = 2;
    /// <summary>Seconds a process above the minimum may sit idle before it is stopped.</summary>
    public double IdleSeconds { get; set; } = 60;
    /// <summary>Resident memory (MiB) above which an idle process is recycled; 0 turns the check off. Linux only (reads /proc).</summary>
    public int MemoryLimitMb { get; set; }
    /// <summary>Seconds a dedicated (per-session) process may sit idle before it is reaped.</summary>
    public double DedicatedIdleSeconds { get; set; } = 300;
    /// <summary>
    /// Most dedicated processes one principal holds at once (MCP sessions with sampling, elicitation, roots, logging or
    /// subscriptions on stdio templates); one more is refused with 429 until one ends or idles out.
    /// </summary>
    public int MaxDedicatedPerPrincipal { get; set; } = 4;
    /// <summary>
    /// Whether calls without progress to a shared pool process are written by the gateway and their answers matched on the
    /// reading thread (the raw request path), rather than going through the MCP client's dispatch. On by default; off is the
    /// switch back to the MCP client's path for everything.
    /// </summary>
    public bool RawRequests { get; set; } = true;
        /// <summary>How often idle processes are stopped, memory is checked and the minimum is restored.</summary>
    public int MaintenanceIntervalMilliseconds { get; set; } = 1000;
    /// <summary>
    /// Names of gateway environment variables passed on to every spawned MCP server (comma- or space-separated, e.g.
    /// <c>HTTP_PROXY,HTTPS_PROXY,NO_PROXY</c>), on top of the minimal base of <see cref="ServerEnvironment"/>. Unset: none.
    /// </summary>
    public string? PassEnvironment { get; set; }

    /// <summary><see cref="PassEnvironment"/> as a list of names.</summary>
    public IReadOnlyList<string> PassEnvironmentNames
        => (PassEnvironment ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<string> Validate()
    {
        if (MinWorkers < 0 || MaxWorkers < 1 || MinWorkers > MaxWorkers)
        {
            yield return "McpGateway:Pool:MinWorkers (MIN_WORKERS) must be 0 or more and McpGateway:Pool:MaxWorkers (MAX_WORKERS) at least 1 and at least MinWorkers.";
        }
        if (MaxTotalWorkers < 1)
        {
            yield return "McpGateway:Pool:MaxTotalWorkers (MAX_TOTAL_WORKERS) must be 1 or more.";
        }
        if (MaxConcurrentCallsPerWorker < 1 || ScaleUpThreshold < 1)
        {
            yield return "McpGateway:Pool:MaxConcurrentCallsPerWorker and McpGateway:Pool:ScaleUpThreshold must be 1 or more.";
        }
        if (IdleSeconds <= 0 || DedicatedIdleSeconds <= 0 || MaintenanceIntervalMilliseconds < 10)
        {
            yield return "McpGateway:Pool:IdleSeconds and DedicatedIdleSeconds must be positive and MaintenanceIntervalMilliseconds at least 10.";
        }
        if (MaxDedicatedPerPrincipal < 1)
        {
            yield return "McpGateway:Pool:MaxDedicatedPerPrincipal must be 1 or more, e.g. 4.";
        }
        if (MemoryLimitMb < 0)
        {
            yield return "McpGateway:Pool:MemoryLimitMb must be 0 (off) or a number of MiB.";
        }
        foreach (var name in PassEnvironmentNames)
        {
            if (name.Contains('=') || name.Any(char.IsControl) || name.Any(char.IsWhiteSpace))
            {
                yield return $"McpGateway:Pool:PassEnvironment must list environment variable names separated by commas; '{name}' is not a name.";
            }
        }
    }
}
