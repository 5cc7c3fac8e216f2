using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Security;

namespace McpGateway.Api;

/// <summary><c>/gateway/jobs</c>, <c>/gateway/batches</c> and <c>POST /mcp/{template}/tools/batch</c>.</summary>
internal static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/gateway").WithTags("Jobs");

        jobs.MapGet("/jobs/{id}", async (string id, HttpContext context, JobService service, CancellationToken ct) =>
                Results.Json(View(Visible(context, await service.GetAsync(id, ct))), ApiJson.Options))
            .WithSummary("A job's status, latest progress, attempts, timestamps, and its result or error once done").Produces<JsonObject>();

        jobs.MapDelete("/jobs/{id}", async (string id, HttpContext context, JobService service, CancellationToken ct) =>
            {
                Visible(context, await service.GetAsync(id, ct));
                return Results.Json(View(await service.CancelAsync(id, ct)), ApiJson.Options);
            })
            .WithSummary("Cancel a queued or running job (the upstream gets notifications/cancelled)").Produces<JsonObject>();

        jobs.MapGet("/jobs", async (HttpRequest request, IJobStore store, CancellationToken ct) =>
            {
                var status = request.Query["status"].FirstOrDefault();
                if (status is not null && !JobStatus.All.Contains(status))
                {
                    throw GatewayException.BadRequest("Invalid status", $"'status' must be one of {string.Join(", ", JobStatus.All)}.");
                }
                var limit = 50;
                if (request.Query["limit"].FirstOrDefault() is { } limitText && (!int.TryParse(limitText, out limit) || limit is < 1 or > 500))
                {
                    throw GatewayException.BadRequest("Invalid limit", "'limit' must be a number from 1 to 500.");
                }
                JobPage page;
                try
                {
                    page = await store.ListAsync(new JobQuery(status, request.Query["template"].FirstOrDefault(), request.Query["batch_id"].FirstOrDefault(),
                        OwnerAccess.ListFilter(request.HttpContext.User), limit, request.Query["cursor"].FirstOrDefault()), ct);
                }
                catch (ArgumentException)
                {
                    throw GatewayException.BadRequest("Invalid cursor", "'cursor' must be a value returned as 'next_cursor'.");
                }
                return Results.Json(new JsonObject
                {
                    ["jobs"] = new JsonArray(page.Jobs.Select(j => (JsonNode)View(j)).ToArray()),
                    ["count"] = page.Jobs.Count,
                    ["next_cursor"] = page.ContinuationToken,
                }, ApiJson.Options);
            })
            .WithSummary("List jobs, newest first: ?status=&template=&batch_id=&limit=&cursor=").Produces<JsonObject>();

        jobs.MapGet("/jobs/{id}/events", (string id, HttpContext context, JobEventStream stream) => stream.WriteAsync(context, id))
            .WithSummary("Server-sent events of a job: status, progress, result, error, done").Produces(200, contentType: "text/event-stream");

        jobs.MapGet("/batches/{id}", async (string id, HttpContext context, IJobStore store, CancellationToken ct) =>
            {
                var batch = await store.GetBatchAsync(id, ct) is { } found && OwnerAccess.CanSee(context.User, found.Owner)
                    ? found
                    : throw GatewayException.NotFound("Unknown batch", $"No batch '{id}'.");
                var items = new JsonArray();
                var counts = JobStatus.All.ToDictionary(s => s, _ => 0);
                foreach (var jobId in batch.JobIds)
                {
                    var job = await store.GetAsync(jobId, ct);
                    if (job is null)
                    {
                        continue;
                    }
                    counts[job.Status]++;
                    items.Add(View(job));
                }
                var done = counts.Where(c => JobStatus.IsTerminal(c.Key)).Sum(c => c.Value);
                return Results.Json(new JsonObject
                {
                    ["batch_id"] = batch.Id,
                    ["template"] = batch.Template,
                    ["total"] = batch.JobIds.Count,
                    ["completed"] = done,
                    ["done"] = done == batch.JobIds.Count,
                    ["counts"] = JsonSerializer.SerializeToNode(counts, ApiJson.Options),
                    ["max_parallel"] = batch.MaxParallel,
                    ["created_at"] = batch.CreatedAt.ToString("O"),
                    ["items"] = items,
                }, ApiJson.Options);
            })
            .WithSummary("A batch's aggregate status and every item").Produces<JsonObject>();

        app.MapPost("/mcp/{template}/tools/batch", async (string template, HttpContext context, JobService service) =>
            {
                var body = await RequestBody.ReadAsync<ToolBatchRequest>(context.Request, context.RequestAborted);
                if (body.Calls is null)
                {
                    throw GatewayException.BadRequest("Missing 'calls'", "The body needs 'calls': [{\"name\", \"arguments\"}, ...].");
                }
                var calls = body.Calls.Select(c => (c.Name ?? "", c.Arguments)).ToList();
                var (batch, created) = await service.SubmitBatchAsync(context.User, template, calls, body.MaxParallel, context.RequestAborted);
                context.Response.Headers.Location = $"/gateway/batches/{batch.Id}";
                return Results.Json(new JsonObject
                {
                    ["batch_id"] = batch.Id,
                    ["status_url"] = $"/gateway/batches/{batch.Id}",
                    ["job_ids"] = new JsonArray(created.Select(j => (JsonNode)j.Id).ToArray()),
                    ["total"] = created.Count,
                }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
            })
            .RequireTemplateAccess()
            .WithTags("Jobs").WithSummary("Fan calls out as separate jobs across healthy instances").Accepts<ToolBatchRequest>("application/json")
            .Produces<JsonObject>(StatusCodes.Status202Accepted);

        return app;
    }

    /// <summary>The job when the caller may see it (admin: any; others: their own, within their tool scope); otherwise 404, as if it did not exist.</summary>
    private static JobRecord Visible(HttpContext context, JobRecord job)
        => OwnerAccess.CanSeeJob(context.User, job, context.RequestServices.GetRequiredService<ITemplateAccess>())
            ? job
            : throw GatewayException.NotFound("Unknown job", $"No job '{job.Id}'.");

    public static IResult Accepted(JobRecord job)
    {
        var url = $"/gateway/jobs/{job.Id}";
        return new LocationResult(Results.Json(new JsonObject
        {
            ["job_id"] = job.Id,
            ["status"] = job.Status,
            ["status_url"] = url,
            ["events_url"] = url + "/events",
        }, ApiJson.Options, statusCode: StatusCodes.Status202Accepted), url);
    }

    public static JsonObject View(JobRecord job)
    {
        var node = JsonSerializer.SerializeToNode(job, ApiJson.Options)!.AsObject();
        node.Remove("version");
        node.Remove("lease_until");
        return node;
    }

    /// <summary>Adds a Location header to another result.</summary>
    private sealed class LocationResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
