using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Health;
using McpGateway.Jobs;
using McpGateway.Registry;
using Microsoft.Extensions.Options;

namespace McpGateway.Functions;

/// <summary>
/// The timer and queue functions of the custom handler. They call the same entry points the standalone background
/// services use (<see cref="HealthSweep"/>, <see cref="JobRunner"/>). A 2xx answer is success; a non-2xx answer tells the
/// host the invocation failed, so it retries a queue message and poisons it after <c>maxDequeueCount</c>.
/// </summary>
internal static class FunctionInvocationEndpoints
{
    public static IEndpointRouteBuilder MapFunctionInvocations(this IEndpointRouteBuilder app)
    {
        // Public to authentication (the Functions host sends no credentials); InvocationGuard admits only the host's own calls.
        // One shared instance (the guard has no state): the generic AddEndpointFilter<InvocationGuard>() cost ~8 ms of every
        // cold start in the Functions mode (bench/README.md, "Cold start").
        var group = app.MapGroup("").AddEndpointFilter(new InvocationGuard()).AllowAnonymous().ExcludeFromDescription();

        group.MapPost("/" + FunctionNames.HealthSweep, async (HttpContext context, GatewayRegistry registry, HealthSweep sweep) =>
        {
            await ReadAsync(context);
            await registry.RefreshAsync(context.RequestAborted);
            var probesBefore = sweep.Probes;
            var failuresBefore = sweep.ProbeFailures;
            await sweep.RunAsync(force: false, context.RequestAborted);
            var probes = sweep.Probes - probesBefore;
            var failures = sweep.ProbeFailures - failuresBefore;
            return Results.Json(FunctionInvocationResult.Create([$"Health sweep probed {probes} instances; {failures} failed."]), ApiJson.Options);
        });

        group.MapPost("/" + FunctionNames.RunJob, async (HttpContext context, JobRunner runner, JobRouting routing, IJobQueue queue, IOptions<JobOptions> options,
            ILogger<JobRunner> logger) =>
        {
            var invocation = await ReadAsync(context);
            var message = invocation.GetString(FunctionNames.JobMessageBinding);
            if (message is null)
            {
                return Results.Json(FunctionInvocationResult.Create(["The invocation has no 'message' binding; nothing to run."]), ApiJson.Options);
            }
            var dequeueCount = invocation.GetMetadataInt("DequeueCount") ?? 1;
            if (await routing.RerouteAsync(message, context.RequestAborted))
            {
                // A job this process cannot run (its template needs a stdio host): it now waits on the stdio queue; this delivery is done.
                var rerouted = $"Job message delivery {dequeueCount}: re-routed to queue '{routing.StdioQueueName}'.";
                logger.LogInformation("{Log}", rerouted);
                return Results.Json(FunctionInvocationResult.Create([rerouted]), ApiJson.Options);
            }
            var outcome = await runner.RunAsync(message, dequeueCount, context.RequestAborted);
            if (outcome == JobRunOutcome.RetryLater && dequeueCount >= options.Value.MaxDequeueCount)
            {
                // The host poisons the message after this failed delivery; record that on the job first.
                await runner.MarkPoisonedAsync(message, dequeueCount, context.RequestAborted);
                outcome = JobRunOutcome.Poison;
            }
            if (outcome == JobRunOutcome.Deferred)
            {
                // Waiting is not failing: a fresh message comes back later and this delivery succeeds (the host deletes it).
                await queue.EnqueueAsync(message, JobRunner.DeferDelay, context.RequestAborted);
                outcome = JobRunOutcome.Completed;
            }
            var log = $"Job message delivery {dequeueCount}: {outcome}.";
            logger.LogInformation("{Log}", log);
            return outcome == JobRunOutcome.Completed
                ? Results.Json(FunctionInvocationResult.Create([log]), ApiJson.Options)
                : Results.Json(FunctionInvocationResult.Create([log]), ApiJson.Options, statusCode: StatusCodes.Status500InternalServerError);
        });
        return app;
    }

    private static async Task<FunctionInvocation> ReadAsync(HttpContext context)
    {
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return FunctionInvocation.Parse(body);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            throw GatewayException.BadRequest("Malformed invocation", "The body is not a Functions invocation payload ({\"Data\": {...}, \"Metadata\": {...}}).");
        }
    }
}
