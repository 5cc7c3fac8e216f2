using System.Net;
using System.Text.Json.Nodes;
using McpGateway.Api;
using McpGateway.Mcp;
using McpGateway.Tests.Infrastructure;
using McpGateway.Tests.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Tests.Mcp;

/// <summary>
/// The gateway's JSON-RPC error codes are decided in <see cref="McpErrors"/> and docs/security.md says the same:
/// unauthorized, forbidden and rate limited have their own codes (never -32000), session-not-found another.
/// </summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class ErrorCodeTests(McpFrontDoorFixture fixture)
{
    [Theory]
    [InlineData(401, McpErrors.Unauthorized)]
    [InlineData(403, McpErrors.Forbidden)]
    [InlineData(429, McpErrors.RateLimited)]
    [InlineData(404, McpErrors.InvalidParams)]
    [InlineData(400, McpErrors.InvalidRequest)]
    [InlineData(503, McpErrors.ServerError)]
    public void A_gateway_exception_keeps_its_status_and_gets_the_code_for_it(int status, int code)
    {
        var error = McpErrors.From(new GatewayException(status, "t", "detail", "https://mcpgateway.dev/errors/x"), NullLogger.Instance);
        Assert.Equal(status, error.HttpStatus);
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void A_body_over_the_limit_is_413_not_500()
    {
        var error = McpErrors.From(new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge), NullLogger.Instance);
        Assert.Equal(413, error.HttpStatus);
        Assert.Equal(McpErrors.InvalidRequest, error.Code);
    }

    [Fact]
    public void The_codes_are_distinct_and_docs_security_md_names_them()
    {
        int[] codes = [McpErrors.SessionNotFound, McpErrors.Unauthorized, McpErrors.Forbidden, McpErrors.RateLimited, McpErrors.ServerError];
        Assert.Equal(codes.Length, codes.Distinct().Count());
        var docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "security.md"));
        Assert.Contains($"`{McpErrors.Unauthorized}` unauthorized", docs);
        Assert.Contains($"`{McpErrors.Forbidden}` forbidden", docs);
        Assert.Contains($"`{McpErrors.RateLimited}` rate limited", docs);
        Assert.Contains($"`{McpErrors.SessionNotFound}` session not found", docs);
    }

    [Fact]
    public async Task Forbidden_on_the_mcp_endpoints_is_403_with_the_forbidden_code()
    {
        await using var gateway = await GatewayHost.StartAsync();
        await gateway.RegisterAsync(McpServers.Http("fix-http", "fix-http-1", fixture.FixtureHttp.Endpoint));
        await gateway.RegisterAsync(McpServers.Http("other", "other-1", fixture.FixtureHttp.Endpoint));
        var (_, key) = await gateway.CreateKeyAsync(new JsonObject { ["templates"] = new JsonArray("fix-http"), ["tools"] = new JsonArray("fix-http/test_simple_text") });
        using var scoped = gateway.CreateClient(key);

        var client = new RawMcpClient(scoped, new Uri(gateway.BaseAddress, "/mcp/fix-http").ToString());
        await client.InitializeAsync();
        var tool = await client.SendAsync("tools/call", new JsonObject { ["name"] = "test_image_content", ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.Forbidden, tool.Status);
        Assert.Equal(McpErrors.Forbidden, tool.Final["error"]!["code"]!.GetValue<int>());

        var template = await new RawMcpClient(scoped, new Uri(gateway.BaseAddress, "/mcp/other").ToString()).SendAsync("initialize", new JsonObject
        {
            ["protocolVersion"] = "2025-11-25", ["capabilities"] = new JsonObject(), ["clientInfo"] = new JsonObject { ["name"] = "t", ["version"] = "1" },
        });
        Assert.Equal(HttpStatusCode.Forbidden, template.Status);
        Assert.Equal(McpErrors.Forbidden, template.Final["error"]!["code"]!.GetValue<int>());

        var stateless = await new RawMcpClient(scoped, new Uri(gateway.BaseAddress, "/mcp").ToString())
            .SendStatelessAsync("tools/call", new JsonObject { ["name"] = "fix-http.test_image_content", ["arguments"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.Forbidden, stateless.Status);
        Assert.Equal(McpErrors.Forbidden, stateless.Final["error"]!["code"]!.GetValue<int>());
    }
}
