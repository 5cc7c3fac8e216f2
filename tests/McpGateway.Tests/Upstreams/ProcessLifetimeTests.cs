using System.Net;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Upstreams;

/// <summary>stdio servers the gateway starts are gone after deregistration and after shutdown.</summary>
public sealed class ProcessLifetimeTests
{
    /// <summary>Processes whose command line contains <paramref name="marker"/>.</summary>
    private static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private static async Task WaitForNoneAsync(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (ProcessesWith(marker).Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Empty(ProcessesWith(marker));
    }

    [Fact]
    public async Task No_orphan_processes_after_shutdown()
    {
        var marker = "orphan-check-" + Guid.NewGuid().ToString("N");
        var gateway = await GatewayHost.StartAsync();
        try
        {
            await gateway.RegisterAsync(McpServers.TestServerStdio("kids", "k1", "--startup-delay-ms", "0", "--id", marker));
            await gateway.RegisterAsync(McpServers.EverythingStdio("ev", "e1"));
            Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("kids", "whoami")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("ev", "echo", new() { ["message"] = marker })).StatusCode);
            Assert.NotEmpty(ProcessesWith(marker));
        }
        finally
        {
            await gateway.DisposeAsync();
        }
        await WaitForNoneAsync(marker);
    }

    [Fact]
    public async Task Deregistering_a_stdio_instance_stops_its_process()
    {
        var marker = "dereg-check-" + Guid.NewGuid().ToString("N");
        await using var gateway = await GatewayHost.StartAsync();
        await gateway.RegisterAsync(McpServers.TestServerStdio("kids", "k1", "--id", marker));
        Assert.Equal(HttpStatusCode.OK, (await gateway.CallToolAsync("kids", "whoami")).StatusCode);
        Assert.NotEmpty(ProcessesWith(marker));

        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.DeleteAsync("/gateway/deregister/kids/k1")).StatusCode);

        await WaitForNoneAsync(marker);
        // The template keeps its settings but has no instance left to serve.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await gateway.CallToolAsync("kids", "whoami")).StatusCode);
    }
}
