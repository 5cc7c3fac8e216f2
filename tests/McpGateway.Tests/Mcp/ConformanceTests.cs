using McpGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace McpGateway.Tests.Mcp;

/// <summary>The official MCP conformance suite (0.1.16, active server scenarios) through the gateway's MCP endpoints.</summary>
[Collection(McpFrontDoorCollection.Name)]
public sealed class ConformanceTests(McpFrontDoorFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// Scenarios that use no fixed tool, prompt or resource name, so they apply unchanged to the aggregated <c>/mcp</c>,
    /// whose names are namespaced (<c>{template}.{name}</c>, <c>mcpgw://{template}/...</c>). The others call
    /// <c>test_simple_text</c>, <c>test://static-text</c> and the like by their upstream names, which /mcp does not expose.
    /// </summary>
    public static readonly string[] AggregateScenarios =
    [
        "server-initialize", "logging-set-level", "ping", "tools-list", "resources-list", "prompts-list",
        "server-sse-multiple-streams", "dns-rebinding-protection",
    ];

    [Theory]
    [InlineData("fix-stdio")]
    [InlineData("fix-http")]
    public async Task Template_endpoint_passes_every_active_server_scenario(string template)
    {
        var result = await Conformance.RunAsync(fixture.Url(template));
        output.WriteLine(result.Output);
        Assert.True(result.Failed == 0, $"{result.Failed} conformance checks failed:\n{result.Output}");
        Assert.True(result.Passed >= 39, $"Only {result.Passed} checks passed:\n{result.Output}");
    }

    [Fact]
    public async Task Aggregate_endpoint_passes_the_scenarios_that_use_no_fixed_names()
    {
        var passed = 0;
        foreach (var scenario in AggregateScenarios)
        {
            var result = await Conformance.RunAsync(fixture.Url(), scenario);
            output.WriteLine($"{scenario}: {result.Passed} passed, {result.Failed} failed");
            Assert.True(result.Failed == 0 && result.Passed > 0, $"Scenario {scenario} failed on /mcp:\n{result.Output}");
            passed += result.Passed;
        }
        Assert.True(passed >= AggregateScenarios.Length);
    }
}
