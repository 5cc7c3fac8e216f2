using System.Text.Json.Nodes;
using McpGateway.Registry;
using McpGateway.Routing;
using McpGateway.Security;

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
                    var jobs = context.RequestServices.GetRequiredService<McpGateway.Jobs.JobService>();
                    var job = await jobs.SubmitAsync(context.User, template, name, body.Arguments, context.RequestAborted);
                    return JobEndpoints.Accepted(job);
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

    private static bool PrefersAsync(HttpRequest request)
        => request.Headers["Prefer"].Any(v => v is not null && v.Contains("respond-async", StringComparison.OrdinalIgnoreCase));

    private static string Require(string? value, string field, string what)
        => string.IsNullOrWhiteSpace(value)
            ? throw GatewayException.BadRequest($"Missing '{field}'", $"The body needs '{field}': {what}.")
            : value;
}
