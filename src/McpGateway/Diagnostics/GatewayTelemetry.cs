using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace McpGateway.Diagnostics;

/// <summary>The gateway's one <see cref="ActivitySource"/> and one <see cref="Meter"/>. Tags are bounded: template, method, outcome.</summary>
public sealed class GatewayTelemetry : IDisposable
{
    public const string Name = "McpGateway";

    public GatewayTelemetry(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(Name);
        OperationDuration = Meter.CreateHistogram<double>("mcp.client.operation.duration", "s",
            "Duration of MCP requests the gateway sent upstream.");
        Retries = Meter.CreateCounter<long>("mcpgateway.upstream.retries", description: "Calls retried on another instance.");
    }

    public static ActivitySource ActivitySource { get; } = new(Name);

    public Meter Meter { get; }
    public Histogram<double> OperationDuration { get; }
    public Counter<long> Retries { get; }

    public void Dispose() => Meter.Dispose();
}
