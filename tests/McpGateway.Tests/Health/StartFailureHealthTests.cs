using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Health;

/// <summary>
/// A stdio instance whose command cannot start is marked unhealthy by its first health probe (not after
/// <c>UnhealthyThreshold</c> probes), without any call, and calls then get a 503 at once.
/// </summary>
public sealed class StartFailureHealthTests
{
    public enum Cause
    {
        NotFound,
        NotExecutable,
        WorkingDirMissing,
    }

    [Theory]
    [InlineData(Cause.NotFound)]
    [InlineData(Cause.NotExecutable)]
    [InlineData(Cause.WorkingDirMissing)]
    public async Task A_command_that_cannot_start_is_unhealthy_at_once_and_refused_with_503(Cause cause)
    {
        var scratch = Directory.CreateTempSubdirectory("mcpgw-start-");
        try
        {
            // The background checker probes a new instance on its next tick (within a second); its interval (30 s) and the
            // threshold (3) would otherwise need minutes of failed probes.
            await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
            {
                ["McpGateway:HealthIntervalSeconds"] = "30",
                ["McpGateway:UnhealthyThreshold"] = "3",
            });
            var registration = new JsonObject { ["template"] = "broken", ["id"] = "b1" };
            switch (cause)
            {
                case Cause.NotFound:
                    registration["command"] = "no-such-mcp-command-" + Guid.NewGuid().ToString("N");
                    break;
                case Cause.NotExecutable:
                    var script = Path.Combine(scratch.FullName, "server.sh");
                    await File.WriteAllTextAsync(script, "#!/bin/sh\nexec node -e ''\n");
                    if (!OperatingSystem.IsWindows())
                    {
                        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                    }
                    registration["command"] = script;
                    break;
                case Cause.WorkingDirMissing:
                    registration["command"] = Peers.Node;
                    registration["args"] = new JsonArray(Peers.ServerEverything, "stdio");
                    registration["working_dir"] = Path.Combine(scratch.FullName, "missing");
                    break;
            }
            await gateway.RegisterAsync(registration);

            var deadline = DateTime.UtcNow.AddSeconds(10);
            JsonNode instance;
            while (true)
            {
                instance = (await gateway.Client.GetFromJsonAsync<JsonObject>("/mcp/broken/health"))!["instances"]!["b1"]!;
                if (instance["status"]!.GetValue<string>() == "unhealthy" || DateTime.UtcNow > deadline)
                {
                    break;
                }
                await Task.Delay(50);
            }
            Assert.True(instance["status"]!.GetValue<string>() == "unhealthy", instance.ToJsonString());
            Assert.Contains("could not start", instance["last_error"]!.GetValue<string>());

            var response = await gateway.CallToolAsync("broken", "echo").WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Contains("no healthy instance", problem["detail"]!.GetValue<string>());
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }
}
