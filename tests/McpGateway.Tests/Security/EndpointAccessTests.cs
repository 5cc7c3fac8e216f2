using System.Net;
using System.Text;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Security;

/// <summary>
/// Closed by default, proven on the live endpoint list: every mapped endpoint is public (a short explicit list) or answers
/// an anonymous caller 401, and every admin endpoint answers a <c>user</c> 403. A new endpoint cannot slip past.
/// </summary>
public sealed class EndpointAccessTests : IAsyncLifetime
{
    /// <summary>The only endpoints anyone may call without credentials (swagger's /docs and /openapi.json are middleware, tested below).</summary>
    private static readonly HashSet<string> Public =
    [
        "GET /gateway/health", "POST /auth/login", "GET /.well-known/oauth-protected-resource",
    ];

    /// <summary>Management endpoints that must stay admin-only (in addition to every endpoint carrying the admin policy).</summary>
    private static readonly string[] Management =
    [
        "POST /gateway/register", "DELETE /gateway/deregister/{template}/{instance_id}", "GET /gateway/registry",
        "POST /gateway/users", "GET /gateway/users", "DELETE /gateway/users/{name}", "GET /gateway/audit",
    ];

    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync();
        await _gateway.CreateUserAsync("plain");
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    private IReadOnlyList<(string Method, string Route, Endpoint Endpoint)> Endpoints()
        => _gateway.Services.GetServices<EndpointDataSource>()
            .SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.Trim('/'), (Endpoint)e)))
            .ToList();

    private static string Path(string route)
        => "/" + string.Join('/', RoutePatternFactory.Parse(route).PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => parameter.IsCatchAll ? "x/y" : "x",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "x",
        }))));

    private static HttpRequestMessage Request(string method, string path)
        => new(new HttpMethod(method), path)
        {
            Content = method is "POST" or "PUT" or "PATCH" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        };

    [Fact]
    public async Task Every_endpoint_is_public_or_rejects_anonymous_callers_with_401()
    {
        using var anonymous = _gateway.CreateClient();
        var endpoints = Endpoints();
        Assert.Contains(endpoints, e => e.Route == "/gateway/keys");
        var failures = new List<string>();
        foreach (var (method, route, _) in endpoints)
        {
            var name = $"{method} {route}";
            using var response = await anonymous.SendAsync(Request(method, Path(route)));
            if (Public.Contains(name))
            {
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{name} is public but answered {(int)response.StatusCode}");
                }
            }
            else if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                failures.Add($"{name} answered {(int)response.StatusCode} to an anonymous caller");
            }
            else if (!response.Headers.WwwAuthenticate.ToString().Contains("resource_metadata=", StringComparison.Ordinal))
            {
                failures.Add($"{name}: 401 without WWW-Authenticate resource_metadata");
            }
        }
        Assert.Empty(failures);
        Assert.All(Public, p => Assert.Contains(endpoints, e => $"{e.Method} {e.Route}" == p));
    }

    [Fact]
    public async Task Readiness_and_swagger_pages_are_public_and_unknown_paths_are_closed()
    {
        using var anonymous = _gateway.CreateClient();
        // GET / (readiness) is answered ahead of routing and authentication, so it is not among the endpoints above.
        using var readiness = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, readiness.StatusCode);
        Assert.Equal("McpGateway", System.Text.Json.JsonDocument.Parse(await readiness.Content.ReadAsStringAsync()).RootElement.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/", new StringContent("{}", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/docs/index.html")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/no/such/path")).StatusCode);
    }

    [Fact]
    public async Task Every_management_endpoint_rejects_a_user_with_403()
    {
        using var user = _gateway.CreateBearerClient(await _gateway.LoginAsync("plain"));
        var endpoints = Endpoints();
        var admin = endpoints.Where(e => e.Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == GatewayPolicies.Admin)).ToList();
        Assert.All(Management, m => Assert.Contains(admin, e => $"{e.Method} {e.Route}" == m));
        var failures = new List<string>();
        foreach (var (method, route, _) in admin)
        {
            using var response = await user.SendAsync(Request(method, Path(route)));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"{method} {route} answered {(int)response.StatusCode} to a user");
            }
            else if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{method} {route}: 403 without problem+json");
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Mcp_endpoints_answer_401_with_a_json_rpc_error()
    {
        using var anonymous = _gateway.CreateClient();
        foreach (var path in new[] { "/mcp", "/mcp/some-template" })
        {
            using var response = await anonymous.PostAsync(path, new StringContent("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("2.0", body["jsonrpc"]!.GetValue<string>());
            Assert.Equal(-32010, body["error"]!["code"]!.GetValue<int>()); // McpErrors.Unauthorized (-32001 is session not found)
            Assert.Contains($"resource_metadata=\"{_gateway.BaseAddress.ToString().TrimEnd('/')}/.well-known/oauth-protected-resource\"",
                response.Headers.WwwAuthenticate.ToString());
        }
        using var rest = await anonymous.GetAsync("/mcp/some-template/tools/list");
        Assert.Equal("application/problem+json", rest.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public void Mcp_paths_are_exactly_mcp_and_one_template_segment()
    {
        Assert.True(McpPaths.IsMcpEndpoint("/mcp"));
        Assert.True(McpPaths.IsMcpEndpoint("/mcp/"));
        Assert.True(McpPaths.IsMcpEndpoint("/mcp/fs"));
        Assert.False(McpPaths.IsMcpEndpoint("/mcp/fs/tools/list"));
        Assert.False(McpPaths.IsMcpEndpoint("/mcpx"));
        Assert.False(McpPaths.IsMcpEndpoint("/gateway/health"));
    }
}
