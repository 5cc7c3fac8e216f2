using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Client.Tests.Cli;

/// <summary>The real <c>dotnet McpGateway.Cli.dll</c>: <c>start</c> runs a gateway, other invocations talk to it.</summary>
public sealed class CliProcessTests
{
    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "McpGateway.Cli.dll");

    [Fact]
    public async Task Start_then_health_register_and_call_as_real_processes()
    {
        var port = Ports.Free();
        var data = Path.Combine(Path.GetTempPath(), "mcpgw-cli-tests", Guid.NewGuid().ToString("N"));
        var config = Path.Combine(data, "config");
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = config, ["MCPGW_URL"] = $"http://127.0.0.1:{port}" };
        await using var gateway = ChildProcess.Start("dotnet", [CliDll, "start", "--port", port.ToString(), "--auth", "false", "--data-dir", data, "--log-level", "warning"], environment);
        try
        {
            await Ports.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60), () => gateway.HasExited);
            // The line is written once the server started; the socket can accept a moment before that.
            var until = DateTime.UtcNow.AddSeconds(30);
            while (!gateway.Output.Contains($"listening on http://127.0.0.1:{port}") && DateTime.UtcNow < until)
            {
                await Task.Delay(50);
            }
            Assert.Contains($"listening on http://127.0.0.1:{port}", gateway.Output);

            var health = await RunAsync(environment, "health", "--json");
            Assert.True(health.Code == 0, health.Output);
            Assert.Equal("healthy", JsonNode.Parse(health.Output)!["status"]!.GetValue<string>());

            var register = await RunAsync(environment, "register", "ts", "--command", $"dotnet {McpServers.TestServerDll} --stdio --id p-1", "--id", "p-1");
            Assert.True(register.Code == 0, register.Output);
            var call = await RunAsync(environment, "tools", "call", "ts", "add", "--arg", "a=40", "--arg", "b=2");
            Assert.True(call.Code == 0, call.Output);
            Assert.Equal("42", call.Output.Trim());

            var usage = await RunAsync(environment, "no-such-command");
            Assert.Equal(1, usage.Code);
        }
        finally
        {
            await gateway.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        var down = await RunAsync(environment, "health");
        Assert.Equal(4, down.Code);
        Assert.Contains("is the gateway running?", down.Output);
    }

    private static async Task<(int Code, string Output)> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        await using var process = ChildProcess.Start("dotnet", [CliDll, .. args], environment);
        await process.Process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.Process.WaitForExit();
        return (process.Process.ExitCode, process.Output);
    }
}
