namespace McpGateway.Worker;

/// <summary>The exit code of a drain run (0 once the queue was empty), read by <see cref="Hosting.GatewayApplication.RunAsync"/>.</summary>
public sealed class DrainOutcome
{
    public int? ExitCode { get; set; }
    public int Delivered { get; set; }
}
