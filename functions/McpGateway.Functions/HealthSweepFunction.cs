using McpGateway.Health;
using McpGateway.Registry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace McpGateway.Functions;

/// <summary>
/// One health sweep per tick of <c>HealthSweepSchedule</c> (an NCRONTAB setting, e.g. <c>0 */1 * * * *</c>): the host runs a
/// timer once per tick across scaled-out instances (a blob lease in <c>AzureWebJobsStorage</c>). The sweep is the library's
/// <see cref="HealthSweep"/>, the one the standalone server's background loop runs; health lands in Table Storage with the registry.
/// </summary>
public sealed class HealthSweepFunction(GatewayRegistry registry, HealthSweep sweep, ILogger<HealthSweepFunction> logger)
{
    [Function("HealthSweep")]
    public async Task RunAsync([TimerTrigger("%HealthSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await registry.RefreshAsync(cancellationToken);
        var probes = sweep.Probes;
        var failures = sweep.ProbeFailures;
        await sweep.RunAsync(force: false, cancellationToken);
        logger.LogInformation("Health sweep probed {Probes} instances; {Failures} failed.", sweep.Probes - probes, sweep.ProbeFailures - failures);
    }
}
