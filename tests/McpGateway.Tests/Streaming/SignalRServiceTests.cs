using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Tests.Streaming;

/// <summary>
/// The gateway in Azure SignalR Service mode (connection string configured) against <see cref="SignalRServiceStandIn"/>:
/// job events go out as REST calls to the job's group, negotiate mints client tokens, subscribe adds a connection to a group.
/// </summary>
public sealed class SignalRServiceTests : IAsyncLifetime
{
    private SignalRServiceStandIn _service = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _service = await SignalRServiceStandIn.StartAsync();
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Azure:SignalR:ConnectionString"] = _service.ConnectionString,
        });
        await _gateway.RegisterAsync(McpServers.TestServerStdio("alpha", "alpha-1"));
    }

    [Fact]
    public async Task Job_events_are_sent_to_the_job_group_in_order_with_valid_tokens()
    {
        const int steps = 4;
        var jobId = await SubmitProgressJobAsync(steps);
        var sends = await WaitForAsync(() =>
        {
            // Events go to the job's group (and, with auth on, also to the owner's user: checked below).
            var calls = _service.Calls.Where(c => c.PathOnly.EndsWith("/:send", StringComparison.Ordinal) && c.PathOnly.Contains("/groups/")).ToList();
            return calls.Any(c => Argument(c)["type"]!.GetValue<string>() == "done") ? calls : null;
        });

        Assert.All(sends, c =>
        {
            Assert.True(c.Status == 202, $"{c.Method} {c.RawTarget}: {c.Problem}");
            Assert.Equal("POST", c.Method);
            Assert.Equal($"/api/hubs/progress/groups/job%3A{jobId}/:send?api-version=2022-06-01", c.RawTarget);
            var lifetime = Convert.ToInt64(c.Claims!["exp"]) - Convert.ToInt64(c.Claims!["iat"]);
            Assert.InRange(lifetime, 1, 600);
            var body = JsonNode.Parse(c.Body)!;
            Assert.Equal("jobEvent", body["target"]!.GetValue<string>());
            Assert.Single(body["arguments"]!.AsArray());
            Assert.Equal(jobId, Argument(c)["jobId"]!.GetValue<string>());
        });
        var types = sends.Select(c => Argument(c)["type"]!.GetValue<string>()).ToList();
        var progress = sends.Where(c => Argument(c)["type"]!.GetValue<string>() == "progress")
            .Select(c => Argument(c)["data"]!["progress"]!.GetValue<double>()).ToList();
        ProgressAssert.Complete(progress, steps, string.Join(",", types));
        Assert.True(types.LastIndexOf("progress") < types.IndexOf("result"), string.Join(",", types));
        Assert.Equal("done", types[^1]);
        var owner = await OwnerAsync();
        var userSends = _service.Calls.Where(c => c.PathOnly == $"/api/hubs/progress/users/{Uri.EscapeDataString(owner)}/:send").ToList();
        Assert.Equal(types, userSends.Select(c => Argument(c)["type"]!.GetValue<string>()).Take(types.Count));
    }

    private async Task<string> OwnerAsync()
        => (await _gateway.Client.GetFromJsonAsync<JsonObject>("/auth/me"))!["principal"]!.GetValue<string>();

    [Fact]
    public async Task Negotiate_returns_the_service_client_url_and_a_token_for_exactly_that_url()
    {
        // The JS client calls {withUrl}/negotiate?negotiateVersion=1 and follows 'url' with 'accessToken'.
        var response = await _gateway.Client.PostAsync("/hubs/progress/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal($"http://127.0.0.1:{_service.Port}/client/?hub=progress", body["url"]!.GetValue<string>());
        var token = body["accessToken"]!.GetValue<string>();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_service.AccessKey)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidAudience = "http://127.0.0.1/client/?hub=progress",
            ValidateIssuer = false,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        // The caller is authenticated: the token names them, so user-targeted messages reach this connection.
        Assert.Equal(await OwnerAsync(), result.Claims["nameid"]?.ToString());
        Assert.InRange(Convert.ToInt64(result.Claims["exp"]) - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3500, 3600);
    }

    [Fact]
    public async Task Subscribe_adds_the_connection_to_the_job_group_through_the_rest_api()
    {
        var jobId = await SubmitProgressJobAsync(1);
        var ok = await _gateway.Client.PostAsJsonAsync($"/gateway/jobs/{jobId}/subscribe", new JsonObject { ["connection_id"] = "conn-1" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var put = _service.Calls.Single(c => c.Method == "PUT");
        Assert.Equal(200, put.Status);
        Assert.Equal($"/api/hubs/progress/groups/job%3A{jobId}/connections/conn-1?api-version=2022-06-01", put.RawTarget);

        var unknownConnection = await _gateway.Client.PostAsJsonAsync($"/gateway/jobs/{jobId}/subscribe", new JsonObject { ["connection_id"] = "gone" });
        Assert.Equal(HttpStatusCode.NotFound, unknownConnection.StatusCode);
        Assert.Contains("Unknown connection", await unknownConnection.Content.ReadAsStringAsync());

        var unknownJob = await _gateway.Client.PostAsJsonAsync("/gateway/jobs/j_missing/subscribe", new JsonObject { ["connection_id"] = "conn-1" });
        Assert.Equal(HttpStatusCode.NotFound, unknownJob.StatusCode);

        var removed = await _gateway.Client.PostAsJsonAsync($"/gateway/jobs/{jobId}/unsubscribe", new JsonObject { ["connection_id"] = "conn-1" });
        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(200, _service.Calls.Single(c => c.Method == "DELETE").Status);
    }

    private async Task<string> SubmitProgressJobAsync(int steps)
    {
        var submitted = await _gateway.Client.PostAsJsonAsync("/mcp/alpha/tools/call", new JsonObject
        {
            ["name"] = "progress",
            ["arguments"] = StreamingFixture.Args(("steps", steps), ("delay_ms", 20)),
            ["async"] = true,
        });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["job_id"]!.GetValue<string>();
    }

    private static JsonNode Argument(RecordedCall call) => JsonNode.Parse(call.Body)!["arguments"]![0]!;

    private static async Task<T> WaitForAsync<T>(Func<T?> probe) where T : class
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (probe() is { } value)
            {
                return value;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("Timed out waiting for the stand-in to record the calls.");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _service.DisposeAsync();
    }
}
