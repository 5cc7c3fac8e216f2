using System.Text.Json.Nodes;
using McpGateway.Jobs;
using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;
using Microsoft.Extensions.Options;

namespace McpGateway.Api;

/// <summary>The original gateway's REST shape over MCP: <c>/mcp/{template}/tools/list</c> and friends.</summary>
internal static class McpRestEndpoints
{
    public const string InstanceHeader = "X-Gateway-Instance";

    public static RouteGroupBuilder MapMcpRest(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/mcp/{template}").WithTags("MCP over REST").RequireTemplateAccess();

        group.MapGet("/tools/list", (string template, HttpContext context, CallRouter router) =>
                ListAsync(context, router, template, "tools/list", "tools"))
            .WithSummary("List the tools of a template").Produces<JsonObject>();

        group.MapPost("/tools/call", async (string template, HttpContext context, CallRouter router) =>
            {
                var body = await RequestBody.ReadAsync<ToolCallRequest>(context.Request, context.RequestAborted);
                var name = Require(body.Name, "name", "the tool to call");
                if (body.Async || PrefersAsync(context.Request))
                {
                    var jobs = context.RequestServices.GetRequiredService<JobService>();
                    var job = await jobs.SubmitAsync(context.User, template, name, body.Arguments, context.RequestAborted);
                    return JobEndpoints.Accepted(job);
                }
                if (context.RequestServices.GetRequiredService<JobRouting>().RoutesToStdioQueue(template))
                {
                    return await CallOnStdioHostAsync(context, template, name, body.Arguments);
                }
                var parameters = new JsonObject { ["name"] = name, ["arguments"] = body.Arguments ?? new JsonObject() };
                return await ForwardAsync(context, router, template, "tools/call", parameters);
            })
            .WithSummary("Call a tool; returns the MCP CallToolResult, or 202 with a job when \"async\": true or Prefer: respond-async").Accepts<ToolCallRequest>("application/json").Produces<JsonObject>();

        group.MapGet("/resources/list", (string template, HttpContext context, CallRouter router) =>
                ListAsync(context, router, template, "resources/list", "resources"))
            .WithSummary("List the resources of a template").Produces<JsonObject>();

        group.MapPost("/resources/read", async (string template, HttpContext context, CallRouter router) =>
            {
                var body = await RequestBody.ReadAsync<ResourceReadRequest>(context.Request, context.RequestAborted);
                var uri = Require(body.Uri, "uri", "the resource URI to read");
                return await ForwardAsync(context, router, template, "resources/read", new JsonObject { ["uri"] = uri });
            })
            .WithSummary("Read a resource").Accepts<ResourceReadRequest>("application/json").Produces<JsonObject>();

        group.MapGet("/prompts/list", (string template, HttpContext context, CallRouter router) =>
                ListAsync(context, router, template, "prompts/list", "prompts"))
            .WithSummary("List the prompts of a template").Produces<JsonObject>();

        group.MapPost("/prompts/get", async (string template, HttpContext context, CallRouter router) =>
            {
                var body = await RequestBody.ReadAsync<PromptGetRequest>(context.Request, context.RequestAborted);
                var name = Require(body.Name, "name", "the prompt to get");
                var arguments = new JsonObject();
                foreach (var (key, value) in body.Arguments ?? [])
                {
                    arguments[key] = value;
                }
                return await ForwardAsync(context, router, template, "prompts/get", new JsonObject { ["name"] = name, ["arguments"] = arguments });
            })
            .WithSummary("Get a prompt").Accepts<PromptGetRequest>("application/json").Produces<JsonObject>();

        group.MapGet("/health", (string template, GatewayRegistry registry) =>
                Results.Json(HealthReport.ForTemplate(registry.Get(template)), ApiJson.Options))
            .WithSummary("Health of a template's instances").Produces<JsonObject>();

        return group;
    }

    private static async Task<IResult> ForwardAsync(HttpContext context, CallRouter router, string template, string method, JsonObject parameters)
    {
        var routed = await router.SendAsync(context.User, template, method, parameters, context.RequestAborted);
        context.Response.Headers[InstanceHeader] = routed.InstanceId;
        return Results.Json(routed.Result ?? new JsonObject(), ApiJson.Options);
    }

    /// <summary>Follows <c>nextCursor</c> pages (up to 100) so the caller gets the whole list with its count.</summary>
    private static async Task<IResult> ListAsync(HttpContext context, CallRouter router, string template, string method, string member)
    {
        var items = new JsonArray();
        string? cursor = null;
        string? instance = null;
        for (var page = 0; page < 100; page++)
        {
            var parameters = cursor is null ? null : new JsonObject { ["cursor"] = cursor };
            var routed = await router.SendAsync(context.User, template, method, parameters, context.RequestAborted);
            instance ??= routed.InstanceId;
            if (routed.Result?[member] is JsonArray pageItems)
            {
                foreach (var item in pageItems.ToArray())
                {
                    pageItems.Remove(item);
                    if (member == "tools" && item?["name"]?.GetValue<string>() is { } tool
                        && !context.RequestServices.GetRequiredService<ITemplateAccess>().CanCallTool(context.User, template, tool))
                    {
                        continue;
                    }
                    items.Add(item);
                }
            }
            cursor = routed.Result?["nextCursor"]?.GetValue<string>();
            if (string.IsNullOrEmpty(cursor))
            {
                break;
            }
        }
        context.Response.Headers[InstanceHeader] = instance;
        return Results.Json(new JsonObject { [member] = items, ["count"] = items.Count }, ApiJson.Options);
    }

    /// <summary>
    /// A synchronous call to a template only the stdio host (the Container Apps job) can run: it becomes a job, and the answer waits
    /// for it up to <c>McpGateway:Jobs:StdioSyncWaitSeconds</c> (less when the request says <c>Prefer: wait=N</c>, RFC 7240): its
    /// result or error when it ended by then, else <c>202</c> with the job.
    /// </summary>
    private static async Task<IResult> CallOnStdioHostAsync(HttpContext context, string template, string tool, JsonObject? arguments)
    {
        var jobs = context.RequestServices.GetRequiredService<JobService>();
        var limit = context.RequestServices.GetRequiredService<IOptions<JobOptions>>().Value.StdioSyncWaitSeconds;
        var wait = TimeSpan.FromSeconds(PreferredWait(context.Request) is { } asked ? Math.Min(asked, limit) : limit);
        var submitted = await jobs.SubmitAsync(context.User, template, tool, arguments, context.RequestAborted);
        var job = await jobs.WaitAsync(submitted.Id, wait, context.RequestAborted);
        if (!JobStatus.IsTerminal(job.Status))
        {
            return JobEndpoints.Accepted(job);
        }
        if (job.Status == JobStatus.Succeeded)
        {
            context.Response.Headers[InstanceHeader] = job.InstanceId;
            return Results.Json(job.Result ?? new JsonObject(), ApiJson.Options);
        }
        var error = job.Error ?? new JobError(502, "Job failed", $"Job '{job.Id}' ended {job.Status}.", null, false);
        throw new GatewayException(error.Status, error.Title, error.Detail, "https://mcpgateway.dev/errors/job-" + job.Status)
        {
            Extensions = { ["job_id"] = job.Id, ["may_have_executed"] = error.MayHaveExecuted, ["mcp_error_code"] = error.McpErrorCode },
        };
    }

    /// <summary>The seconds of a <c>Prefer: wait=N</c> preference (RFC 7240), or null.</summary>
    private static int? PreferredWait(HttpRequest request)
    {
        foreach (var preference in request.Headers["Prefer"].SelectMany(v => (v ?? "").Split([',', ';'], StringSplitOptions.TrimEntries)))
        {
            if (preference.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(preference.AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds;
            }
        }
        return null;
    }

    private static bool PrefersAsync(HttpRequest request)
        => request.Headers["Prefer"].Any(v => v is not null && v.Contains("respond-async", StringComparison.OrdinalIgnoreCase));

    private static string Require(string? value, string field, string what)
        => string.IsNullOrWhiteSpace(value)
            ? throw GatewayException.BadRequest($"Missing '{field}'", $"The body needs '{field}': {what}.")
            : value;
}
