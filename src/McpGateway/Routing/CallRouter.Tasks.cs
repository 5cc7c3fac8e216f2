using System.Diagnostics;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Registry;
using McpGateway.Upstreams;
using McpGateway.Upstreams.Tasks;

namespace McpGateway.Routing;

/// <summary>The bridge to upstream tasks: a tool the upstream runs only as a task, called as one and followed on one instance.</summary>
public sealed partial class CallRouter
{
    /// <summary>The ttl asked of an upstream for a task followed until cancelled (a job); a bounded call asks its limit and a minute.</summary>
    private static readonly TimeSpan JobTaskTtl = TimeSpan.FromHours(1);

    /// <summary>Whether a <c>tools/call</c> of <paramref name="tool"/> is bridged to an upstream task (known from a tools/list answer).</summary>
    public bool RequiresTask(string templateName, string tool) => annotations.RequiresTask(templateName, tool);

    private bool RequiresTask(TemplateState template, string method, JsonNode? parameters)
        => method == "tools/call" && parameters is JsonObject && ToolName(parameters) is { } tool && annotations.RequiresTask(template.Name, tool);

    /// <summary>
    /// A plain tools/call the upstream refused with <c>-32601</c> (method not found: how a tool that requires a task answers a call
    /// without one; the call did not run). The tool list is learnt again; true when it now says the tool requires a task.
    /// </summary>
    private async Task<bool> TurnedOutToRequireTaskAsync(UpstreamException failure, TemplateState template, string method, JsonNode? parameters,
        CancellationToken cancellationToken)
    {
        if (method != "tools/call" || failure.McpErrorCode != -32601 || parameters is not JsonObject || ToolName(parameters) is not { } tool)
        {
            return false;
        }
        await LearnToolsAsync(template, [], cancellationToken).ConfigureAwait(false);
        return annotations.RequiresTask(template.Name, tool);
    }

    /// <summary>
    /// The bridged call: one instance picked and held (<see cref="IUpstream.PinAsync"/>) for the whole upstream task, failing over
    /// only when the instance could not be reached before the task was created.
    /// </summary>
    private async Task<RoutedResult> SendAsTaskAsync(TemplateState template, JsonObject parameters, Action<ProgressUpdate>? onProgress,
        TimeSpan timeout, TimeSpan limit, int maxRetries, long started, CancellationToken cancellationToken)
    {
        const string method = "tools/call";
        var policy = policies.Get(template.Settings.Strategy ?? options.Value.DefaultStrategy);
        var bounded = limit != UntilCancelled;
        var ttl = bounded ? limit + TimeSpan.FromMinutes(1) : JobTaskTtl;
        var tried = new HashSet<string>(StringComparer.Ordinal);
        UpstreamException? last = null;
        for (var attempt = 0; ; attempt++)
        {
            var instance = Pick(template, policy, tried);
            if (instance is null)
            {
                Record(started, template.Name, method, "unavailable");
                throw last ?? GatewayException.NoHealthyInstance(template.Name, $"Template '{template.Name}' has no healthy instance{WhyUnhealthy(template)}.");
            }
            tried.Add(instance.Id);
            instance.RequestStarted();
            var callStarted = Stopwatch.GetTimestamp();
            var failed = true;
            try
            {
                IPinnedUpstream pinned;
                try
                {
                    pinned = await connections.Get(instance.Definition).PinAsync(timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (UpstreamException e) when (e.Kind == UpstreamFailureKind.NotReached && attempt < maxRetries)
                {
                    last = e;
                    health.ReportFailure(instance, e.Message, definitive: true, fromProbe: false);
                    continue;
                }
                await using (pinned.ConfigureAwait(false))
                {
                    logger.LogDebug("Bridging {Template}/{Tool} to a task of instance {Instance}.", template.Name, ToolName(parameters), instance.Id);
                    var result = await UpstreamTaskCall.RunAsync(pinned, parameters, timeout, bounded ? limit : null, ttl, onProgress, time, cancellationToken)
                        .ConfigureAwait(false);
                    failed = false;
                    health.ReportSuccess(instance, Stopwatch.GetElapsedTime(callStarted), fromProbe: false);
                    Record(started, template.Name, method, "ok");
                    return new RoutedResult(result, instance.Id, attempt + 1);
                }
            }
            catch (UpstreamException e)
            {
                if (e.Kind is UpstreamFailureKind.ProtocolError or UpstreamFailureKind.Timeout)
                {
                    // The instance answered (an error of the task, or a task slower than the caller's limit).
                    health.ReportSuccess(instance, Stopwatch.GetElapsedTime(callStarted), fromProbe: false);
                }
                else
                {
                    health.ReportFailure(instance, e.Message, definitive: e.Kind == UpstreamFailureKind.NotReached, fromProbe: false);
                }
                Record(started, template.Name, method, "error");
                throw;
            }
            finally
            {
                instance.RequestEnded(failed);
            }
        }
    }

    private static string? ToolName(JsonNode parameters)
        => parameters["name"] is JsonValue name && name.TryGetValue<string>(out var value) ? value : null;
}
