using McpGateway.Functions.Jobs;
using McpGateway.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace McpGateway.Functions;

/// <summary>
/// Every HTTP request of the app: one anonymous catch-all function (the gateway authenticates) that hands the request's
/// <see cref="HttpContext"/> to the gateway's own pipeline. Routing, authentication, rate limits, problem+json errors,
/// <c>X-Response-Time</c> and the MCP front door are the gateway's, as in the standalone server; the response is written to
/// the context directly, so streamed answers (SSE, MCP progress) flow through the host as they are written. The Durable client
/// binding hands the job engine its client (<see cref="DurableClients"/>).
/// </summary>
public sealed class GatewayHttp(GatewayRequestPipeline pipeline, DurableClients durable)
{
    [Function("Http")]
    public Task RunAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        durable.Use(client);
        return pipeline.InvokeAsync(request.HttpContext);
    }
}
