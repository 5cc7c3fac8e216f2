using McpGateway.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.Tests.Mcp;

/// <summary>The MCP C# SDK client, in both protocol generations, against server-everything through the gateway.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class SdkClientTests(McpFrontDoorFixture fixture)
{
    public static TheoryData<string?> Versions => new() { "2025-11-25", null };

    private async Task<McpClient> ConnectAsync(string url, string? version)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(url),
            TransportMode = HttpTransportMode.StreamableHttp,
        });
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = version });
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Lists_and_calls_tools_of_server_everything(string? version)
    {
        await using var client = await ConnectAsync(fixture.Url("everything"), version);
        Assert.Equal(version ?? "2026-07-28", client.NegotiatedProtocolVersion);
        Assert.Equal(version is null, client.SessionId is null);

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "echo");
        Assert.Contains(tools, t => t.Name == "get-sum");

        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "through the gateway" });
        Assert.Contains("through the gateway", Assert.IsType<TextContentBlock>(echo.Content[0]).Text);
        var sum = await client.CallToolAsync("get-sum", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 });
        Assert.Contains("42", Assert.IsType<TextContentBlock>(sum.Content[0]).Text);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Reads_resources_and_gets_prompts_of_the_fixture(string? version)
    {
        await using var client = await ConnectAsync(fixture.Url("fix-http"), version);
        var read = await client.ReadResourceAsync("test://static-text");
        Assert.Equal("test://static-text", read.Contents[0].Uri);
        var prompt = await client.GetPromptAsync("test_prompt_with_arguments", new Dictionary<string, object?> { ["arg1"] = "x", ["arg2"] = "y" });
        Assert.Contains("arg1='x'", Assert.IsType<TextContentBlock>(prompt.Messages[0].Content).Text);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task An_upstream_error_reaches_the_client_with_its_code(string? version)
    {
        await using var client = await ConnectAsync(fixture.Url("fix-http"), version);
        var error = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(() => client.GetPromptAsync("no_such_prompt").AsTask());
        Assert.Equal(ModelContextProtocol.McpErrorCode.InvalidParams, error.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Aggregated_endpoint_namespaces_tools_and_routes_calls(string? version)
    {
        await using var client = await ConnectAsync(fixture.Url(), version);
        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "everything.echo");
        Assert.Contains(tools, t => t.Name == "fix-http.test_simple_text");
        Assert.Contains(tools, t => t.Name == "fix-stdio.test_simple_text");
        Assert.All(tools, t => Assert.Matches("^[A-Za-z0-9_.-]{1,128}$", t.Name));

        var echo = await client.CallToolAsync("everything.echo", new Dictionary<string, object?> { ["message"] = "aggregated" });
        Assert.Contains("aggregated", Assert.IsType<TextContentBlock>(echo.Content[0]).Text);

        var resources = await client.ListResourcesAsync();
        var wrapped = Assert.Single(resources, r => r.Uri == "mcpgw://fix-http/" + Uri.EscapeDataString("test://static-text"));
        var read = await client.ReadResourceAsync(wrapped.Uri);
        Assert.Equal(wrapped.Uri, read.Contents[0].Uri);
        Assert.Equal("This is the content of the static text resource.", Assert.IsType<TextResourceContents>(read.Contents[0]).Text);

        var prompts = await client.ListPromptsAsync();
        Assert.Contains(prompts, p => p.Name == "fix-stdio.test_simple_prompt");
        var prompt = await client.GetPromptAsync("fix-stdio.test_simple_prompt");
        Assert.NotEmpty(prompt.Messages);
    }
}
