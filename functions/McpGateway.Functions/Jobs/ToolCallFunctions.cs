using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace McpGateway.Functions.Jobs;

/// <summary>
/// The Functions side of a job: the orchestrator function (a thin wrapper, so the Functions app and the in-process test host
/// run the same <see cref="ToolCallOrchestrator"/>) and the <c>CallTool</c> activity, which sends one tools/call through the
/// gateway's <see cref="CallRouter"/> (authorization, instance choice, failover, health) and turns upstream failures into
/// outcomes. Activities run at least once: the host may run one again after a worker crash.
/// </summary>
public sealed class ToolCallFunctions(CallRouter router)
{
    [Function(ToolCallOrchestrator.Name)]
    public static Task<ToolCallJobResult> RunOrchestratorAsync([OrchestrationTrigger] TaskOrchestrationContext context)
        => new ToolCallOrchestrator().RunAsync(context, context.GetInput<ToolCallJobInput>()
            ?? throw new InvalidOperationException("ToolCallOrchestrator needs a ToolCallJobInput."));

    [Function(ToolCallOrchestrator.CallToolActivity)]
    public async Task<ToolCallOutcome> CallToolAsync([ActivityTrigger] ToolCallAttempt request, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject { ["name"] = request.Tool, ["arguments"] = request.Arguments?.DeepClone() ?? new JsonObject() };
        try
        {
            var routed = await router.SendAsync(request.Caller.ToPrincipal(), request.Template, "tools/call", parameters, cancellationToken);
            return ToolCallOutcome.Success(routed.Result?.ToJsonString() ?? "null");
        }
        catch (GatewayException e) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolCallOutcome.From(e);
        }
    }
}
