using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Diagnostics;
using McpGateway.Health;
using McpGateway.Hosting;
using McpGateway.LoadBalancing;
using McpGateway.Registry;
using McpGateway.Security;
using McpGateway.Upstreams;
using McpGateway.Upstreams.Tasks;
using Microsoft.Extensions.Options;

namespace McpGateway.Routing;

/// <summary>
/// Sends one MCP request to a healthy instance of a template: the strategy picks, failures are reported to health,
/// and the request fails over to another instance only when that cannot duplicate work:
/// always when it never reached an instance; after it was sent only for non-tool requests and for tools annotated
/// <c>readOnlyHint</c> or <c>idempotentHint</c>. A <c>tools/call</c> of a tool the upstream runs only as a task
/// (<c>execution.taskSupport: "required"</c>) is bridged: sent as a 2025-11-25 task to one instance and followed there to its
/// result (<see cref="UpstreamTaskCall"/>).
/// </summary>
public sealed partial class CallRouter(
    GatewayRegistry registry,
    UpstreamConnections connections,
    LoadBalancingPolicies policies,
    HealthUpdater health,
    ToolAnnotations annotations,
    GatewayStats stats,
    GatewayTelemetry telemetry,
    UpstreamAuthorization authorization,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<CallRouter> logger)
{
    /// <summary>A bridged upstream task followed until the caller cancels (a job), not bounded by the request timeout.</summary>
    public static readonly TimeSpan UntilCancelled = Timeout.InfiniteTimeSpan;

    public Task<RoutedResult> SendAsync(ClaimsPrincipal caller, string templateName, string method, JsonNode? parameters, CancellationToken cancellationToken)
        => SendAsync(caller, templateName, method, parameters, onProgress: null, cancellationToken);

    public Task<RoutedResult> SendAsync(ClaimsPrincipal caller, string templateName, string method, JsonNode? parameters,
        Action<ProgressUpdate>? onProgress, CancellationToken cancellationToken)
        => SendAsync(caller, templateName, method, parameters, onProgress, upstreamTaskLimit: null, cancellationToken);

    /// <param name="caller">Who asks: authorized by <see cref="UpstreamAuthorization"/> before anything else happens.</param>
    /// <param name="onProgress">When set, upstream progress for this call is delivered in order before the result returns.</param>
    /// <param name="upstreamTaskLimit">
    /// How long a bridged upstream task may take: null for the template's request timeout (a synchronous call), or
    /// <see cref="UntilCancelled"/> (a job).
    /// </param>
    public async Task<RoutedResult> SendAsync(ClaimsPrincipal caller, string templateName, string method, JsonNode? parameters,
        Action<ProgressUpdate>? onProgress, TimeSpan? upstreamTaskLimit, CancellationToken cancellationToken)
    {
        var template = registry.Get(templateName);
        authorization.Demand(caller, template.Name, method, parameters);
        var settings = options.Value;
        var maxRetries = template.Settings.MaxRetries ?? settings.MaxRetries;
        var timeout = TimeSpan.FromSeconds(template.Settings.Timeout ?? settings.RequestTimeoutSeconds);
        var policy = policies.Get(template.Settings.Strategy ?? settings.DefaultStrategy);
        var tried = new HashSet<string>(StringComparer.Ordinal);
        var started = Stopwatch.GetTimestamp();
        using var activity = GatewayTelemetry.ActivitySource.StartActivity("mcp " + method, ActivityKind.Client);
        activity?.SetTag("mcp.method.name", method);
        activity?.SetTag("mcpgateway.template", templateName);
        var taskLimit = upstreamTaskLimit ?? timeout;
        if (RequiresTask(template, method, parameters))
        {
            return await SendAsTaskAsync(template, (JsonObject)parameters!, onProgress, timeout, taskLimit, maxRetries, started, cancellationToken).ConfigureAwait(false);
        }
        UpstreamException? last = null;
        for (var attempt = 0; ; attempt++)
        {
            var instance = Pick(template, policy, tried);
            if (instance is null)
            {
                Record(started, templateName, method, "unavailable");
                throw last ?? GatewayException.NoHealthyInstance(templateName, tried.Count == 0
                    ? $"Template '{templateName}' has no healthy instance{WhyUnhealthy(template)}. Check GET /mcp/{templateName}/health."
                    : $"None of the healthy instances of '{templateName}' could be reached.");
            }
            tried.Add(instance.Id);
            instance.RequestStarted();
            var callStarted = Stopwatch.GetTimestamp();
            var failed = true;
            try
            {
                var result = await connections.Get(instance.Definition)
                    .SendAsync(method, parameters, timeout, onProgress, cancellationToken).ConfigureAwait(false);
                failed = false;
                health.ReportSuccess(instance, Stopwatch.GetElapsedTime(callStarted), fromProbe: false);
                if (method == "tools/list" && result?["tools"] is JsonArray tools)
                {
                    annotations.Learn(templateName, tools);
                }
                activity?.SetTag("mcpgateway.instance", instance.Id);
                Record(started, templateName, method, "ok");
                return new RoutedResult(result, instance.Id, attempt + 1);
            }
            catch (UpstreamException e)
            {
                last = e;
                if (e.Kind == UpstreamFailureKind.ProtocolError)
                {
                    // The instance answered; a JSON-RPC error is its verdict, not a sign of ill health.
                    health.ReportSuccess(instance, Stopwatch.GetElapsedTime(callStarted), fromProbe: false);
                    if (!await TurnedOutToRequireTaskAsync(e, template, method, parameters, cancellationToken).ConfigureAwait(false))
                    {
                        Record(started, templateName, method, "error");
                        throw;
                    }
                    break; // rejected without running: the tool runs only as a task of the upstream
                }
                health.ReportFailure(instance, e.Message, definitive: e.Kind == UpstreamFailureKind.NotReached, fromProbe: false);
                if (attempt >= maxRetries || !await IsRetrySafeAsync(e, template, method, parameters, tried, cancellationToken).ConfigureAwait(false))
                {
                    Record(started, templateName, method, "error");
                    throw;
                }
                stats.RecordRetry();
                telemetry.Retries.Add(1);
                logger.LogInformation("Retrying {Method} on another instance of {Template} after {Kind} on {Instance}.",
                    method, templateName, e.Kind, instance.Id);
            }
            finally
            {
                instance.RequestEnded(failed);
            }
        }
        return await SendAsTaskAsync(template, (JsonObject)parameters!, onProgress, timeout, taskLimit, maxRetries, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>" (g1: could not start ...; g2: ...)": each instance's last error, so the caller learns why without a second request.</summary>
    private static string WhyUnhealthy(TemplateState template)
    {
        var reasons = template.Instances
            .Where(i => i.Health.LastError is not null)
            .Select(i => $"{i.Id}: {i.Health.LastError}")
            .ToList();
        return reasons.Count == 0 ? "" : " (" + string.Join("; ", reasons) + ")";
    }

    /// <summary>A healthy instance of the template chosen by its strategy (for a session bound to one instance), or null.</summary>
    public InstanceState? PickInstance(string templateName)
    {
        var template = registry.Get(templateName);
        var policy = policies.Get(template.Settings.Strategy ?? options.Value.DefaultStrategy);
        return Pick(template, policy, []);
    }

    private static InstanceState? Pick(TemplateState template, ILoadBalancingPolicy policy, HashSet<string> tried)
    {
        var instances = template.Instances;
        List<InstanceState>? candidates = null;
        foreach (var instance in instances)
        {
            if (instance.Health.IsRoutable && !tried.Contains(instance.Id))
            {
                (candidates ??= new List<InstanceState>(instances.Count)).Add(instance);
            }
        }
        return candidates is null ? null : policy.Pick(template, candidates);
    }

    /// <summary>Whether a tools/call of <paramref name="tool"/> may safely run twice (annotated readOnlyHint or idempotentHint).</summary>
    public async Task<bool> IsToolRetrySafeAsync(string templateName, string tool, CancellationToken cancellationToken)
    {
        var template = registry.Get(templateName);
        if (!annotations.IsKnown(template.Name))
        {
            await LearnToolsAsync(template, [], cancellationToken).ConfigureAwait(false);
        }
        return annotations.IsRetrySafe(template.Name, tool);
    }

    private async Task<bool> IsRetrySafeAsync(UpstreamException failure, TemplateState template, string method,
        JsonNode? parameters, HashSet<string> tried, CancellationToken cancellationToken)
    {
        if (failure.Kind == UpstreamFailureKind.NotReached)
        {
            return true;
        }
        if (method != "tools/call")
        {
            return true;
        }
        if (parameters?["name"]?.GetValue<string>() is not { } tool)
        {
            return false;
        }
        if (!annotations.IsKnown(template.Name))
        {
            await LearnToolsAsync(template, tried, cancellationToken).ConfigureAwait(false);
        }
        return annotations.IsRetrySafe(template.Name, tool);
    }

    /// <summary>Only on the failure path: asks another healthy instance for the tool list so the retry decision is informed.</summary>
    private async Task LearnToolsAsync(TemplateState template, HashSet<string> tried, CancellationToken cancellationToken)
    {
        foreach (var instance in template.Instances)
        {
            if (!instance.Health.IsRoutable || tried.Contains(instance.Id))
            {
                continue;
            }
            try
            {
                var result = await connections.Get(instance.Definition).SendAsync("tools/list", null,
                    TimeSpan.FromSeconds(options.Value.HealthTimeoutSeconds), cancellationToken).ConfigureAwait(false);
                if (result?["tools"] is JsonArray tools)
                {
                    annotations.Learn(template.Name, tools);
                    return;
                }
            }
            catch (UpstreamException)
            {
                // Try the next one; without annotations the call is not retried.
            }
        }
    }

    private void Record(long started, string template, string method, string outcome)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        stats.Record(elapsed.TotalMilliseconds, outcome != "ok");
        telemetry.OperationDuration.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("mcp.method.name", method),
            new KeyValuePair<string, object?>("mcpgateway.template", template),
            new KeyValuePair<string, object?>("mcpgateway.outcome", outcome));
    }
}
