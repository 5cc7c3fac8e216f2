using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Api;

/// <summary>What <c>GET /gateway/registry</c> shows hides secrets in endpoints and arguments; what the registry keeps does not change.</summary>
public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:9/mcp", "http://127.0.0.1:9/mcp")]
    [InlineData("http://user:pw@host:8080/mcp", "http://***@host:8080/mcp")]
    [InlineData("https://ghp_token123@host/mcp", "https://***@host/mcp")]
    [InlineData("http://host/mcp?api_key=abc&region=eu", "http://host/mcp?api_key=***&region=***")]
    [InlineData("http://u:p@host?token=abc#frag", "http://***@host?token=***#***")]
    [InlineData("http://host/mcp?secretonly", "http://host/mcp?***")]
    [InlineData("http://host/a@b?x=1", "http://host/a@b?x=***")]
    public void Endpoints_lose_user_info_and_query_values(string endpoint, string shown)
        => Assert.Equal(shown, SecretRedaction.Endpoint(endpoint));

    [Theory]
    [InlineData(new[] { "--token=abc", "--port=8080" }, new[] { "--token=***", "--port=8080" })]
    [InlineData(new[] { "--api-key", "sk-123", "--verbose" }, new[] { "--api-key", "***", "--verbose" })]
    [InlineData(new[] { "-password", "hunter2" }, new[] { "-password", "***" })]
    [InlineData(new[] { "--auth-token", "--next" }, new[] { "--auth-token", "--next" })]
    [InlineData(new[] { "run", "-e", "GITHUB_TOKEN=ghp_x", "-e", "LOG=debug" }, new[] { "run", "-e", "GITHUB_TOKEN=***", "-e", "LOG=debug" })]
    [InlineData(new[] { "--client-secret=s", "--Credential", "c", "--PWD=p", "--passwd", "q" },
        new[] { "--client-secret=***", "--Credential", "***", "--PWD=***", "--passwd", "***" })]
    [InlineData(new[] { "--url=http://u:p@h/x?k=v", "http://h/?q=1" }, new[] { "--url=http://***@h/x?k=***", "http://h/?q=***" })]
    [InlineData(new[] { "-y", "@modelcontextprotocol/server-filesystem", "/srv" }, new[] { "-y", "@modelcontextprotocol/server-filesystem", "/srv" })]
    public void Secret_looking_argument_values_are_masked(string[] args, string[] shown)
        => Assert.Equal(shown, SecretRedaction.Args(args));

    [Fact]
    public async Task The_registry_report_redacts_endpoints_args_and_env_but_the_registry_keeps_them()
    {
        await using var gateway = await GatewayHost.StartAsync();
        const string endpoint = "http://alice:s3cret-pw@127.0.0.1:9/mcp?api_key=k-123&tenant=tn-x9z";
        var stdioArgs = new[] { "server.js", "--token=tok-456", "--api-key", "key-789", "--port", "8080" };
        await gateway.RegisterAsync(McpServers.Http("remote", "r1", endpoint));
        var registration = new JsonObject
        {
            ["template"] = "local",
            ["id"] = "l1",
            ["command"] = "node",
            ["args"] = new JsonArray(stdioArgs.Select(a => (JsonNode?)a).ToArray()),
            ["env"] = new JsonObject { ["SERVICE_PASSWORD"] = "env-secret" },
        };
        var answer = await (await gateway.Client.PostAsJsonAsync("/gateway/register", registration)).Content.ReadAsStringAsync();

        var response = await gateway.Client.GetAsync("/gateway/registry");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        foreach (var secret in new[] { "s3cret-pw", "alice", "k-123", "tn-x9z", "tok-456", "key-789", "env-secret" })
        {
            Assert.DoesNotContain(secret, text);
            Assert.DoesNotContain(secret, answer);
        }
        var templates = JsonNode.Parse(text)!["templates"]!;
        Assert.Equal("http://***@127.0.0.1:9/mcp?api_key=***&tenant=***", templates["remote"]!["instances"]![0]!["endpoint"]!.GetValue<string>());
        Assert.Equal(["server.js", "--token=***", "--api-key", "***", "--port", "8080"],
            templates["local"]!["instances"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()));

        // The registry and its store keep the real values.
        var registry = gateway.Get<GatewayRegistry>();
        Assert.Equal(endpoint, registry.Get("remote").Find("r1")!.Definition.Endpoint);
        Assert.Equal(stdioArgs, registry.Get("local").Find("l1")!.Definition.Args);
        var stored = await gateway.Get<IRegistryStore>().LoadAsync();
        Assert.Equal(endpoint, stored.Single(t => t.Name == "remote").Instances.Single().Definition.Endpoint);
        Assert.Equal(stdioArgs, stored.Single(t => t.Name == "local").Instances.Single().Definition.Args);
        Assert.Equal("env-secret", stored.Single(t => t.Name == "local").Instances.Single().Definition.Env!["SERVICE_PASSWORD"]);
    }
}
