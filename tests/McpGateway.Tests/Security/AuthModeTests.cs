using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Hosting;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

public sealed class AuthModeTests
{
    [Fact]
    public async Task Auth_can_be_turned_off_on_loopback_with_a_warning()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:Auth:Enabled"] = "false" });
        using var anonymous = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/gateway/registry")).StatusCode);
        Assert.Contains(gateway.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Authentication is OFF"));
    }

    [Fact]
    public async Task Auth_cannot_be_turned_off_on_a_public_address()
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["McpGateway:Auth:Enabled"] = "false",
            ["McpGateway:Host"] = "0.0.0.0",
        }));
        Assert.Contains("McpGateway:Auth:Enabled", error.Message);
        Assert.Contains("loopback", error.Message);
    }

    [Fact]
    public void Auth_is_always_on_in_the_functions_app()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => FunctionsWorkerGateway.CreateBuilder(new Dictionary<string, string?>
        {
            ["McpGateway:Auth:Enabled"] = "false",
        }, out _));
        Assert.Contains("Functions", error.Message);
        Assert.Contains("McpGateway:Auth:Enabled", error.Message);
    }

    [Theory]
    [InlineData("McpGateway:Auth:JwtSecret", "too-short", "JWT_SECRET")]
    [InlineData("McpGateway:Auth:ApiKey", "short", "API_KEY")]
    [InlineData("McpGateway:Auth:RateLimitPerMinute", "-1", "API_RATE_LIMIT")]
    [InlineData("McpGateway:Auth:Entra:Authority", "http://login.example.com/tenant", "Authority")]
    public async Task Bad_security_settings_stop_start_up_naming_the_setting(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<GatewayConfigurationException>(() => GatewayHost.StartAsync(new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void The_original_gateways_security_variables_map_onto_settings()
    {
        var environment = new Dictionary<string, string>
        {
            ["API_KEY"] = "k", ["JWT_SECRET"] = "s", ["API_RATE_LIMIT"] = "7",
            ["MCP_GATEWAY_ADMIN_USER"] = "root", ["MCP_GATEWAY_ADMIN_PASSWORD"] = "pw",
        };
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddLegacyEnvironmentSettings(name => environment.GetValueOrDefault(name)).Build();
        Assert.Equal("k", configuration["McpGateway:Auth:ApiKey"]);
        Assert.Equal("s", configuration["McpGateway:Auth:JwtSecret"]);
        Assert.Equal("7", configuration["McpGateway:Auth:RateLimitPerMinute"]);
        Assert.Equal("root", configuration["McpGateway:Auth:BootstrapAdmin:Username"]);
        Assert.Equal("pw", configuration["McpGateway:Auth:BootstrapAdmin:Password"]);
    }

    [Fact]
    public async Task Cors_is_off_by_default_and_answers_only_configured_origins()
    {
        await using (var closed = await GatewayHost.StartAsync())
        {
            var response = await Preflight(closed, "https://app.example");
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
        await using var open = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["McpGateway:Cors:AllowedOrigins:0"] = "https://app.example" });
        var allowed = await Preflight(open, "https://app.example");
        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var other = await Preflight(open, "https://evil.example");
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<HttpResponseMessage> Preflight(GatewayHost gateway, string origin)
    {
        using var anonymous = gateway.CreateClient();
        var request = new HttpRequestMessage(HttpMethod.Options, "/gateway/stats");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "X-API-Key");
        return await anonymous.SendAsync(request);
    }

    [Fact]
    public async Task The_openapi_document_declares_the_security_schemes()
    {
        await using var gateway = await GatewayHost.StartAsync();
        var document = (await gateway.CreateClient().GetFromJsonAsync<JsonObject>("/openapi.json"))!;
        var schemes = document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("X-API-Key", schemes["apiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/gateway/keys"]!["post"]!["security"]);
        Assert.Null(document["paths"]!["/auth/login"]!["post"]!["security"]);
        foreach (var path in new[] { "/auth/me", "/gateway/users", "/gateway/keys", "/gateway/keys/{id}", "/gateway/users/{name}", "/gateway/audit" })
        {
            Assert.NotNull(document["paths"]![path]);
        }
    }
}
