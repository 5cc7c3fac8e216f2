using System.Net;
using System.Text.Json.Nodes;
using Azure.Core;
using McpGateway.Registry;
using McpGateway.Storage.Azure;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace McpGateway.Tests.Registry;

/// <summary>Routing reads the in-memory snapshot: tool calls through a gateway on the table store cost no storage requests.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TableStoreHotPathTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task Tool_calls_after_warm_up_make_no_storage_requests()
    {
        var table = AzuriteTables.UniqueName();
        // Added to every storage client of the gateway; counts the table service's requests (the job runner polls its queue).
        var counter = new CountingPolicy(azurite.TableEndpoint);
        var settings = AzuriteTables.GatewaySettings(azurite, table);
        settings["McpGateway:RegistryRefreshSeconds"] = "3600";
        settings["McpGateway:EnableBackgroundHealthChecks"] = "false";

        await using var server = await McpServers.StartTestServerHttpAsync("hot-1");
        await using var gateway = await GatewayHost.StartAsync(settings, services: s => s.AddAzureClients(b => b.ConfigureDefaults(o => o.AddPolicy(counter, HttpPipelinePosition.PerRetry))));
        try
        {
            await gateway.RegisterAsync(McpServers.Http("hot", "hot-1", server.Endpoint));
            Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("hot", "echo", new JsonObject { ["message"] = "warm" })).StatusCode);

            // The first call turns the instance from unknown to healthy, which is persisted in the background: wait for it.
            var observer = new TableRegistryStore(AzuriteTables.Client(azurite, table), TimeProvider.System);
            await WaitUntilAsync(async () => (await observer.LoadAsync()).Single().Instances.Single().Health.Status == HealthStatus.Healthy);
            await Task.Delay(200);
            var warm = counter.Count;
            Assert.True(warm > 0, "The counting policy saw no storage traffic at all (is it in the store's pipeline?).");

            for (var i = 0; i < 50; i++)
            {
                var response = await gateway.CallToolAsync("hot", "echo", new JsonObject { ["message"] = $"call {i}" });
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            var calls = counter.Count - warm;
            output.WriteLine($"Storage requests: {warm} during start-up, registration and warm-up; {calls} during 50 tool calls.");
            Assert.Equal(0, calls);

            // For scale: one refresh tick with nothing changed is one point read of the version row.
            await gateway.Get<GatewayRegistry>().RefreshAsync(CancellationToken.None);
            Assert.Equal(1, counter.Count - warm);
        }
        finally
        {
            await AzuriteTables.Client(azurite, table).DeleteAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Condition not met within 10 s.");
            await Task.Delay(50);
        }
    }
}
