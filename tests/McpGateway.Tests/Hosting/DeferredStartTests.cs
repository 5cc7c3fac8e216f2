using System.Net;
using McpGateway.Hosting;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Hosting;

/// <summary>
/// With deferred initialisation (the Functions mode) start-up work waits for the first readiness answer or for a request
/// that needs it. The grace period is an hour here, so only those two can have started it.
/// </summary>
public class DeferredStartTests
{
    private static Task<GatewayHost> StartAsync() => GatewayHost.StartAsync(
        new Dictionary<string, string?> { ["McpGateway:DeferInitialization"] = "true" },
        services: services => services.AddSingleton(new DeferredStartSignal(TimeProvider.System, TimeSpan.FromHours(1))));

    [Fact]
    public async Task The_first_readiness_answer_starts_initialisation()
    {
        await using var gateway = await StartAsync();
        Assert.False(gateway.Get<StartupGate>().Ready.IsCompleted);

        var ready = await gateway.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await gateway.Get<StartupGate>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_request_that_waits_for_start_up_starts_initialisation_and_is_answered()
    {
        await using var gateway = await StartAsync();

        var health = await gateway.Client.GetAsync("/gateway/health").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(gateway.Get<DeferredStartSignal>().IsReleased);
    }

    [Fact]
    public async Task The_pipeline_built_by_the_first_request_serves_the_api_document_and_keeps_management_closed()
    {
        await using var gateway = await StartAsync();
        using var anonymous = gateway.CreateClient();

        var document = await anonymous.GetAsync("/openapi.json");
        var registry = await anonymous.GetAsync("/gateway/registry");

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Contains("\"openapi\"", await document.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, registry.StatusCode);
        Assert.Equal("application/problem+json", registry.Content.Headers.ContentType?.MediaType);
    }
}
