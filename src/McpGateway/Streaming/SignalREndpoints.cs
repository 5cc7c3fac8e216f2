using System.Text.Json.Nodes;
using Azure;
using McpGateway.Api;
using McpGateway.Streaming.SignalRService;

namespace McpGateway.Streaming;

/// <summary>
/// Job events over SignalR: the in-process hub at <c>/hubs/progress</c>, or — with Azure SignalR Service — the negotiate
/// endpoint at the same path (<c>POST /hubs/progress/negotiate</c>, what the JS client calls for <c>withUrl("/hubs/progress")</c>),
/// so clients are written once. <c>POST /gateway/jobs/{id}/subscribe</c> adds a connection to a job's group in both modes.
/// </summary>
internal static class SignalREndpoints
{
    public static IEndpointRouteBuilder MapStreamingSignalR(this IEndpointRouteBuilder app, bool azureSignalR)
    {
        if (azureSignalR)
        {
            app.MapPost(StreamingNames.HubPath + "/negotiate", async (HttpContext context, SignalRServiceClient client) =>
                {
                    var access = await client.GetClientAccessAsync(StreamingNames.HubName, Security.OwnerAccess.OwnerOf(context.User), context.RequestAborted);
                    return Results.Json(new JsonObject { ["url"] = access.Url, ["accessToken"] = access.AccessToken }, ApiJson.Options);
                })
                .WithTags("Streaming").WithSummary("Azure SignalR Service negotiate: the service URL for the hub and a client token").Produces<JsonObject>();
        }
        else
        {
            app.MapLazyHub<ProgressHub>(StreamingNames.HubPath);
        }

        var jobs = app.MapGroup("/gateway/jobs/{id}").WithTags("Jobs");
        jobs.MapPost("/subscribe", (string id, HttpContext context, JobSubscriptionGuard guard, IJobSubscriptions subscriptions) =>
                ChangeAsync(id, context, guard, (connection, ct) => subscriptions.AddAsync(connection, id, ct), subscribed: true))
            .WithSummary("Add a SignalR connection to the job's group (events arrive as jobEvent)").Accepts<JobSubscribeRequest>("application/json").Produces<JsonObject>();
        jobs.MapPost("/unsubscribe", (string id, HttpContext context, JobSubscriptionGuard guard, IJobSubscriptions subscriptions) =>
                ChangeAsync(id, context, guard, (connection, ct) => subscriptions.RemoveAsync(connection, id, ct), subscribed: false))
            .WithSummary("Remove a SignalR connection from the job's group").Accepts<JobSubscribeRequest>("application/json").Produces<JsonObject>();
        return app;
    }

    private static async Task<IResult> ChangeAsync(string id, HttpContext context, JobSubscriptionGuard guard,
        Func<string, CancellationToken, Task> change, bool subscribed)
    {
        var body = await RequestBody.ReadAsync<JobSubscribeRequest>(context.Request, context.RequestAborted);
        if (string.IsNullOrWhiteSpace(body.ConnectionId))
        {
            throw GatewayException.BadRequest("Missing 'connection_id'", "The body needs 'connection_id': the SignalR connection id of the client.");
        }
        var job = await guard.FindAsync(id, context.User, context.RequestAborted)
            ?? throw GatewayException.NotFound("Unknown job", $"No job '{id}'.");
        try
        {
            await change(body.ConnectionId, context.RequestAborted);
        }
        catch (RequestFailedException e) when (e.Status == StatusCodes.Status404NotFound)
        {
            throw GatewayException.NotFound("Unknown connection", $"Azure SignalR Service has no connection '{body.ConnectionId}'.");
        }
        catch (RequestFailedException e)
        {
            throw new GatewayException(StatusCodes.Status502BadGateway, "Azure SignalR Service error",
                $"Azure SignalR Service answered {e.Status}.", "https://mcpgateway.dev/errors/signalr-service");
        }
        return Results.Json(new JsonObject
        {
            ["job_id"] = job.Id,
            ["connection_id"] = body.ConnectionId,
            ["group"] = StreamingNames.JobGroup(job.Id),
            ["subscribed"] = subscribed,
        }, ApiJson.Options);
    }
}
