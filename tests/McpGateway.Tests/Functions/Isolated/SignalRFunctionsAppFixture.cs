namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// The isolated-worker app under the real host with an Azure SignalR Service connection string (the app setting
/// <c>AzureSignalRConnectionString</c>). The service itself cannot run here, and negotiate never calls it: the gateway mints
/// the client token from the access key. No job runs in this app, so nothing is sent to the service's REST API either.
/// </summary>
public sealed class SignalRFunctionsAppFixture() : IsolatedFunctionsAppFixture(new Dictionary<string, string>
{
    ["AzureSignalRConnectionString"] = $"Endpoint={ServiceEndpoint};AccessKey={AccessKey};Version=1.0;",
})
{
    public const string ServiceEndpoint = "https://mcpgw-test.service.signalr.net";

    /// <summary>Test-only key: the service signs nothing with it; the test validates the gateway's tokens with it.</summary>
    public const string AccessKey = "isolated-app-test-access-key-0123456789abcdefghijklmnopqrstuvwxyz";
}
