using System.Collections;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Pool;
using McpGateway.Registry;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;

namespace McpGateway.Tests.Pool;

/// <summary>
/// A spawned MCP server sees a minimal environment, the names the operator passes through and its instance's own <c>env</c>;
/// never the gateway's secrets (server-everything's <c>get-env</c> returns whatever the process has).
/// </summary>
public sealed class ServerEnvironmentTests
{
    [Fact]
    public async Task A_stdio_server_started_by_a_gateway_with_secrets_in_its_environment_sees_none_of_them()
    {
        var data = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        var secrets = new Dictionary<string, string>
        {
            ["JWT_SECRET"] = "jwt-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
            ["MCP_GATEWAY_ADMIN_USER"] = "root-admin",
            ["MCP_GATEWAY_ADMIN_PASSWORD"] = "pw-" + Guid.NewGuid().ToString("N"),
            ["McpGateway__Unused__StorageConnection"] = "AccountKey=" + Guid.NewGuid().ToString("N"),
            ["SOME_UPSTREAM_TOKEN"] = "tok-" + Guid.NewGuid().ToString("N"),
        };
        var passed = "passed-" + Guid.NewGuid().ToString("N");
        var environment = new Dictionary<string, string>(secrets)
        {
            ["McpGateway__DataDirectory"] = data,
            ["McpGateway__Pool__PassEnvironment"] = "MCPGW_TEST_PASSED, MCPGW_TEST_UNSET",
            ["MCPGW_TEST_PASSED"] = passed,
            ["LC_MESSAGES"] = "C",
        };
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(environment);
            var registration = McpServers.EverythingStdio("envcheck", "e1");
            registration["env"] = new JsonObject { ["INSTANCE_SETTING"] = "from-the-registration", ["LANG"] = "C.UTF-8" };
            (await gateway.Client.PostAsJsonAsync("/gateway/register", registration)).EnsureSuccessStatusCode();

            var response = await gateway.Client.PostAsJsonAsync("/mcp/envcheck/tools/call", new JsonObject { ["name"] = "get-env", ["arguments"] = new JsonObject() });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var text = JsonNode.Parse(body)!["content"]![0]!["text"]!.GetValue<string>();
            var seen = JsonNode.Parse(text)!.AsObject();

            // GatewayProcess sets API_KEY (the admin key) too.
            foreach (var (name, value) in secrets.Append(new("API_KEY", GatewayHost.AdminKey)))
            {
                Assert.False(seen.ContainsKey(name), $"{name} reached the server");
                Assert.DoesNotContain(value, text);
            }
            Assert.DoesNotContain(seen, e => e.Key.StartsWith("McpGateway", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(Environment.GetEnvironmentVariable("PATH"), seen["PATH"]!.GetValue<string>());
            Assert.Equal("C", seen["LC_MESSAGES"]!.GetValue<string>());
            Assert.Equal(passed, seen["MCPGW_TEST_PASSED"]!.GetValue<string>());
            Assert.False(seen.ContainsKey("MCPGW_TEST_UNSET"));
            Assert.Equal("from-the-registration", seen["INSTANCE_SETTING"]!.GetValue<string>());
            Assert.Equal("C.UTF-8", seen["LANG"]!.GetValue<string>());
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task The_sdk_stdio_transport_does_not_inherit_the_gateway_environment_either()
    {
        var name = "MCPGW_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "leaked");
        try
        {
            var options = Options.Create(new PoolOptions());
            var factory = new McpGateway.Upstreams.StdioUpstreamTransportFactory(options, NullLoggerFactory.Instance);
            var instance = new InstanceDefinition
            {
                Template = "sdk",
                Transport = InstanceTransports.Stdio,
                Id = "s1",
                Command = Peers.Node,
                Args = [Peers.ServerEverything, "stdio"],
                Env = new Dictionary<string, string> { ["INSTANCE_SETTING"] = "own" },
            };
            await using var client = await McpClient.CreateAsync(factory.Create(instance));
            var result = await client.CallToolAsync("get-env");
            var text = Assert.IsType<ModelContextProtocol.Protocol.TextContentBlock>(Assert.Single(result.Content)).Text;
            var seen = JsonNode.Parse(text)!.AsObject();
            Assert.False(seen.ContainsKey(name));
            Assert.Equal("own", seen["INSTANCE_SETTING"]!.GetValue<string>());
            Assert.True(seen.ContainsKey("PATH"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void The_environment_is_the_base_the_pass_through_names_and_the_instance_env_in_that_order()
    {
        var gateway = new Hashtable
        {
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/home/gw",
            ["LC_ALL"] = "C",
            ["HTTP_PROXY"] = "http://proxy:3128",
            ["API_KEY"] = "secret",
            ["McpGateway__Auth__JwtSecret"] = "secret",
        };
        var instance = new InstanceDefinition
        {
            Template = "t",
            Id = "i",
            Command = "x",
            Env = new Dictionary<string, string> { ["HOME"] = "/srv/own", ["OWN"] = "1" },
        };

        var env = new ServerEnvironment(["HTTP_PROXY", "NOT_SET"]).For(instance, gateway);

        Assert.Equal(new Dictionary<string, string>
        {
            ["PATH"] = "/usr/bin",
            ["HOME"] = "/srv/own",
            ["LC_ALL"] = "C",
            ["HTTP_PROXY"] = "http://proxy:3128",
            ["OWN"] = "1",
        }, env);
        Assert.DoesNotContain("HTTP_PROXY", new ServerEnvironment([]).For(instance, gateway).Keys);
    }

    [Theory]
    [InlineData("A=B")]
    [InlineData("BAD\u0000NAME")]
    public void A_pass_through_entry_that_is_not_a_name_fails_validation(string entry)
    {
        var failures = new PoolOptions { PassEnvironment = "HTTP_PROXY," + entry }.Validate().ToList();
        Assert.Contains(failures, f => f.Contains("PassEnvironment", StringComparison.Ordinal));
        Assert.Empty(new PoolOptions { PassEnvironment = "HTTP_PROXY, NO_PROXY" }.Validate());
    }
}
