using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Hosting;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace McpGateway.Tests.Hosting;

public class ConfigurationTests
{
    private static IConfigurationRoot Build(Dictionary<string, string> environment)
        => new ConfigurationBuilder().AddLegacyEnvironmentSettings(name => environment.GetValueOrDefault(name)).Build();

    [Fact]
    public void The_original_gateways_variable_names_map_onto_settings()
    {
        var configuration = Build(new()
        {
            ["MCP_GATEWAY_HOST"] = "0.0.0.0",
            ["MCP_GATEWAY_PORT"] = "9090",
            ["MCP_GATEWAY_REGISTRY_FILE"] = "/etc/registry.json",
            ["MCP_GATEWAY_HEALTH_INTERVAL"] = "15",
            ["MCP_GATEWAY_HEALTH_TIMEOUT"] = "4",
            ["MCP_GATEWAY_DEFAULT_STRATEGY"] = "least_connections",
            ["MCP_GATEWAY_MAX_RETRIES"] = "1",
            ["MCP_REQUEST_TIMEOUT"] = "90",
            ["LOG_LEVEL"] = "debug",
        });
        var options = configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>()!;
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(9090, options.Port);
        Assert.Equal("/etc/registry.json", options.RegistryFile);
        Assert.Equal(15, options.HealthIntervalSeconds);
        Assert.Equal(4, options.HealthTimeoutSeconds);
        Assert.Equal("least_connections", options.DefaultStrategy);
        Assert.Equal(1, options.MaxRetries);
        Assert.Equal(90, options.RequestTimeoutSeconds);
        Assert.Equal("Debug", configuration["Logging:LogLevel:Default"]);
    }

    [Fact]
    public void Defaults_match_the_original_gateway()
    {
        var options = new GatewayOptions();
        Assert.Equal(8080, options.Port);
        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(30, options.HealthIntervalSeconds);
        Assert.Equal(10, options.HealthTimeoutSeconds);
        Assert.Equal("round_robin", options.DefaultStrategy);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(60, options.RequestTimeoutSeconds);
    }

    [Theory]
    [InlineData("MCP_GATEWAY_PORT", "eighty")]
    [InlineData("MCP_GATEWAY_HEALTH_INTERVAL", "30s")]
    [InlineData("LOG_LEVEL", "loud")]
    public void A_malformed_variable_is_named_with_its_fix(string variable, string value)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => Build(new() { [variable] = value }));
        Assert.Contains(variable, error.Message);
        Assert.Contains(value, error.Message);
    }

    [Theory]
    [InlineData("McpGateway:DefaultStrategy", "fastest", "MCP_GATEWAY_DEFAULT_STRATEGY")]
    [InlineData("McpGateway:Port", "70000", "MCP_GATEWAY_PORT")]
    [InlineData("McpGateway:HealthIntervalSeconds", "0", "MCP_GATEWAY_HEALTH_INTERVAL")]
    [InlineData("McpGateway:RequestTimeoutSeconds", "-1", "MCP_REQUEST_TIMEOUT")]
    [InlineData("McpGateway:RegistryFile", "/no/such/registry.json", "MCP_GATEWAY_REGISTRY_FILE")]
    [InlineData("McpGateway:Pool:MaxDedicatedPerPrincipal", "0", "McpGateway:Pool:MaxDedicatedPerPrincipal")]
    [InlineData("McpGateway:Pool:DedicatedIdleSeconds", "0", "DedicatedIdleSeconds")]
    public async Task Invalid_settings_stop_start_up_naming_the_setting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task The_executable_exits_with_a_message_not_a_stack_trace()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "McpGateway.dll");
        await using var process = ChildProcess.Start("dotnet", [dll], new Dictionary<string, string>
        {
            ["MCP_GATEWAY_PORT"] = "abc",
            ["MCP_GATEWAY_DEFAULT_STRATEGY"] = "fastest",
        });
        await process.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(2, process.Process.ExitCode);
        Assert.Contains("MCP_GATEWAY_PORT='abc'", process.Output);
        Assert.DoesNotContain("   at ", process.Output);
    }

    [Fact]
    public async Task A_registry_file_is_loaded_at_start_and_survives_a_restart()
    {
        await using var server = await McpServers.StartTestServerHttpAsync("from-file");
        var file = Path.Combine(Path.GetTempPath(), $"registry-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, new JsonObject
        {
            ["templates"] = new JsonObject
            {
                ["filed"] = new JsonObject
                {
                    ["instances"] = new JsonArray(new JsonObject { ["id"] = "f1", ["endpoint"] = server.Endpoint, ["weight"] = 2 }),
                    ["load_balancer"] = new JsonObject { ["strategy"] = "weighted", ["health_check_interval"] = 15, ["max_retries"] = 2, ["timeout"] = 30 },
                },
            },
        }.ToJsonString());
        var settings = new Dictionary<string, string?> { ["McpGateway:RegistryFile"] = file };
        var data = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var gateway = await GatewayHost.StartAsync(settings, data))
            {
                var registry = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/registry");
                var template = registry!["templates"]!["filed"]!;
                Assert.Equal("weighted", template["load_balancer"]!["strategy"]!.GetValue<string>());
                Assert.Equal(2, template["instances"]![0]!["weight"]!.GetValue<int>());
                Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("filed", "whoami")).StatusCode);
                await gateway.RegisterAsync(new JsonObject { ["template"] = "by-api", ["id"] = "a1", ["endpoint"] = server.Endpoint });
            }
            // Loading the same file again on restart replaces, not duplicates; what was registered through the API stays.
            await using (var gateway = await GatewayHost.StartAsync(settings, data))
            {
                var registry = await gateway.Client.GetFromJsonAsync<JsonObject>("/gateway/registry");
                Assert.Single(registry!["templates"]!["filed"]!["instances"]!.AsArray());
                Assert.Equal("a1", registry["templates"]!["by-api"]!["instances"]![0]!["id"]!.GetValue<string>());
            }
        }
        finally
        {
            File.Delete(file);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task A_malformed_registry_file_stops_start_up_naming_the_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"registry-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, "{\"templates\": {\"Bad Name\": {\"instances\": []}}}");
        try
        {
            var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() =>
                GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:RegistryFile"] = file }));
            Assert.Contains(file, error.Message);
            Assert.Contains("template", error.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
