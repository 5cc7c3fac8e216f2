using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Tests.Api;

/// <summary>
/// Errors are ASP.NET Core's problem details: an unknown route and an unexpected exception are problem+json with the
/// gateway's type URIs, instance and trace id, and an unexpected exception says nothing about its cause.
/// </summary>
public sealed class ErrorResponseTests : IAsyncLifetime
{
    private const string Secret = "connection string Password=hunter2 in SqliteAuditLog.QueryAsync";
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
        => _gateway = await GatewayHost.StartAsync(services: s => s.AddSingleton<IAuditLog>(new FailingAuditLog()));

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.Contains("X-Response-Time"));
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(problem["trace_id"]?.GetValue<string>()));
        Assert.Null(problem["traceId"]);
        return problem;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/event-stream")]
    public async Task An_unknown_route_is_a_404_problem(string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/route");
        if (accept is not null)
        {
            request.Headers.Add("Accept", accept);
        }
        var problem = await ProblemAsync(await _gateway.Client.SendAsync(request), HttpStatusCode.NotFound);
        Assert.Equal("https://mcpgateway.dev/errors/http-404", problem["type"]!.GetValue<string>());
        Assert.Equal("Not Found", problem["title"]!.GetValue<string>());
        Assert.Equal("/no/such/route", problem["instance"]!.GetValue<string>());
        Assert.Contains("'/no/such/route'", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var problem = await ProblemAsync(await _gateway.Client.PutAsync("/gateway/registry", null), HttpStatusCode.MethodNotAllowed);
        Assert.Equal("https://mcpgateway.dev/errors/http-405", problem["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unexpected_exception_is_a_500_problem_that_names_no_internals()
    {
        var response = await _gateway.Client.GetAsync("/gateway/audit");
        var text = await response.Content.ReadAsStringAsync();
        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("https://mcpgateway.dev/errors/internal", problem["type"]!.GetValue<string>());
        Assert.Equal("/gateway/audit", problem["instance"]!.GetValue<string>());
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain(nameof(InvalidOperationException), text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain(nameof(FailingAuditLog), text);
        // The cause is in the gateway's log, once, under the trace id's request.
        Assert.Single(_gateway.Logs.Lines, l => l.Contains("hunter2"));
        Assert.Contains(_gateway.Logs.Lines, l => l.StartsWith("Error McpGateway.Api.GatewayExceptionHandler", StringComparison.Ordinal) && l.Contains("hunter2"));
    }

    [Fact]
    public async Task A_handled_exception_on_an_mcp_endpoint_is_a_json_rpc_error_not_a_problem()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/mcp/web";
        context.Response.Body = new MemoryStream();
        var handler = new GatewayExceptionHandler(NullLogger<GatewayExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, new InvalidOperationException(Secret), CancellationToken.None));

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = JsonNode.Parse(context.Response.Body)!.AsObject();
        Assert.Equal("2.0", body["jsonrpc"]!.GetValue<string>());
        Assert.Equal(-32603, body["error"]!["code"]!.GetValue<int>());
        Assert.DoesNotContain("hunter2", body.ToJsonString());
    }

    [Fact]
    public void A_stream_error_event_is_the_same_problem_a_response_gets()
    {
        var upstream = new McpGateway.Upstreams.UpstreamException(McpGateway.Upstreams.UpstreamFailureKind.Timeout, "web-1", "late");
        var problem = GatewayProblems.ToJson(GatewayProblems.From(upstream, "/tools/web.echo/stream"));
        Assert.Equal(504, problem["status"]!.GetValue<int>());
        Assert.Equal(upstream.Type, problem["type"]!.GetValue<string>());
        Assert.Equal("late", problem["detail"]!.GetValue<string>());
        Assert.Equal("/tools/web.echo/stream", problem["instance"]!.GetValue<string>());
        Assert.Equal("web-1", problem["instance_id"]!.GetValue<string>());
        Assert.True(problem["may_have_executed"]!.GetValue<bool>());
    }

    private sealed class FailingAuditLog : IAuditLog
    {
        public Task InitializeAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException(Secret);
    }
}
