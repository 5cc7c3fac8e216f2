using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Hosting;
using Xunit.Abstractions;

namespace McpGateway.Tests.Contract;

/// <summary>
/// The gateway's REST and MCP contract, the same assertions under every host (issue 18, "One gateway, two hosts"): anonymous
/// health, problem+json for 400/401/403/404/429 with <c>X-Response-Time</c> on every answer, a REST <c>tools/call</c> to
/// server-everything over HTTP, and the MCP front door (<see cref="GatewayContract"/>'s Mcp part). A derived class names the
/// target (<see cref="Target"/>); server-everything is registered on it once per class (<see cref="ContractUpstream"/>).
/// </summary>
public abstract partial class GatewayContract(ContractUpstream upstream, ITestOutputHelper output)
{
    protected abstract IGatewayTarget Target { get; }

    protected ITestOutputHelper Output => output;

    protected Task<string> TemplateAsync() => upstream.TemplateAsync(Target);

    protected HttpClient Admin() => Target.CreateClient(Target.AdminKey);

    protected HttpClient Anonymous() => Target.CreateClient(null);

    private static string NewName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [ContractFact]
    public async Task Health_is_anonymous_and_carries_the_response_time()
    {
        using var anonymous = Anonymous();
        var response = await anonymous.GetAsync("/gateway/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertResponseTime(response);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Contains((string?)body!["status"], new[] { "healthy", "degraded" });
        Assert.NotNull(body["version"]);
    }

    [ContractFact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        using var admin = Admin();
        await AssertProblemAsync(await admin.GetAsync("/no/such/path"), HttpStatusCode.NotFound, "/no/such/path");
    }

    [ContractFact]
    public async Task No_key_is_a_401_problem_with_WWW_Authenticate()
    {
        using var anonymous = Anonymous();
        var response = await anonymous.GetAsync("/gateway/registry");
        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "/gateway/registry");
        Assert.StartsWith("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [ContractFact]
    public async Task A_user_key_on_a_management_endpoint_is_a_403_problem()
    {
        var key = await CreateKeyAsync(new JsonObject { ["name"] = NewName("user"), ["role"] = "user" });
        using var user = Target.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/auth/me")).StatusCode);
        await AssertProblemAsync(await user.GetAsync("/gateway/registry"), HttpStatusCode.Forbidden, "/gateway/registry");
        var register = await user.PostAsJsonAsync("/gateway/register", new JsonObject { ["template"] = NewName("x"), ["id"] = "x-1", ["endpoint"] = "http://127.0.0.1:9/mcp" });
        await AssertProblemAsync(register, HttpStatusCode.Forbidden, "/gateway/register");
    }

    [ContractFact]
    public async Task A_bad_json_body_on_tools_call_is_a_400_problem()
    {
        var template = await TemplateAsync();
        using var admin = Admin();
        var path = $"/mcp/{template}/tools/call";
        var response = await admin.PostAsync(path, new StringContent("{not json", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest, path);
    }

    [ContractFact]
    public async Task An_unknown_template_is_a_404_problem()
    {
        using var admin = Admin();
        var template = NewName("nosuch");
        var call = await admin.PostAsJsonAsync($"/mcp/{template}/tools/call", new JsonObject { ["name"] = "echo", ["arguments"] = new JsonObject() });
        await AssertProblemAsync(call, HttpStatusCode.NotFound, $"/mcp/{template}/tools/call");
        await AssertProblemAsync(await admin.GetAsync($"/mcp/{template}/tools/list"), HttpStatusCode.NotFound, $"/mcp/{template}/tools/list");
    }

    [ContractFact]
    public async Task A_rest_tools_call_reaches_server_everything_over_http()
    {
        var template = await TemplateAsync();
        using var admin = Admin();
        var call = await admin.PostAsJsonAsync($"/mcp/{template}/tools/call", new JsonObject
        {
            ["name"] = "echo",
            ["arguments"] = new JsonObject { ["message"] = "contract" },
        });
        var body = await call.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(call.StatusCode == HttpStatusCode.OK, $"{call.StatusCode}: {body}");
        Assert.Equal("Echo: contract", (string?)body!["content"]![0]!["text"]);
        AssertResponseTime(call);
    }

    [ContractFact]
    public async Task A_key_with_a_rate_limit_gets_429_problems_with_Retry_After_after_its_budget()
    {
        // The key belongs to a user of its own: its budget is not shared with the admin principal's requests.
        var username = NewName("rl");
        using var admin = Admin();
        var user = await admin.PostAsJsonAsync("/gateway/users", new JsonObject { ["username"] = username, ["password"] = "correct horse battery staple", ["role"] = "user" });
        Assert.True(user.StatusCode == HttpStatusCode.Created, await user.Content.ReadAsStringAsync());
        var key = await CreateKeyAsync(new JsonObject { ["owner"] = username, ["rate_limit"] = 3 });

        // 3 per 60 s: a burst of 3, then one more each 20 s. Six requests in a row: 3 admitted, 3 refused.
        using var limited = Target.CreateClient(key);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await limited.GetAsync("/auth/me");
            statuses.Add(response.StatusCode);
            refused ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], statuses.Take(3));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await AssertProblemAsync(refused!, HttpStatusCode.TooManyRequests, "/auth/me");
        Assert.True(refused!.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, $"Retry-After: {refused.Headers.RetryAfter}");
    }

    /// <summary>Creates an API key as the admin; returns the key.</summary>
    protected async Task<string> CreateKeyAsync(JsonObject request)
    {
        using var admin = Admin();
        var response = await admin.PostAsJsonAsync("/gateway/keys", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["key"]!;
    }

    protected static void AssertResponseTime(HttpResponseMessage response)
        => Assert.True(response.Headers.Contains(ResponseTimeMiddleware.Header),
            $"no {ResponseTimeMiddleware.Header} on a {(int)response.StatusCode}: {string.Join(", ", response.Headers.Select(h => h.Key))}");

    /// <summary>An <c>application/problem+json</c> answer with the status, its own status and instance in the body, and <c>X-Response-Time</c>.</summary>
    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string instance)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{response.Content.Headers.ContentType}: {text}");
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.Equal(instance, (string?)problem["instance"]);
        Assert.False(string.IsNullOrEmpty((string?)problem["title"]), text);
        Assert.DoesNotContain("   at ", text);
        AssertResponseTime(response);
    }
}
