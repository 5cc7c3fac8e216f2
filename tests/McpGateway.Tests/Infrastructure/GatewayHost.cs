using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Infrastructure;

/// <summary>A real gateway on Kestrel at 127.0.0.1 (free port), with its own data folder, in this test process.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private GatewayHost(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        App = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => App.Services;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="services">Runs after the gateway's own registrations (e.g. to add a counting storage policy).</param>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null,
        Action<IServiceCollection>? services = null)
    {
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["McpGateway:Port"] = "0",
            ["McpGateway:DataDirectory"] = dataDirectory,
            ["McpGateway:HealthIntervalSeconds"] = "3600",
            ["McpGateway:HealthTimeoutSeconds"] = "5",
            ["McpGateway:RequestTimeoutSeconds"] = "30",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var app = GatewayApplication.Build([], values, services);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, dataDirectory, new Uri(address));
    }

    public async Task<HttpResponseMessage> RegisterAsync(JsonObject registration)
    {
        var response = await Client.PostAsJsonAsync("/gateway/register", registration);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Register failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return response;
    }

    public async Task<HttpResponseMessage> CallToolAsync(string template, string tool, JsonObject? arguments = null)
        => await Client.PostAsJsonAsync($"/mcp/{template}/tools/call", new JsonObject { ["name"] = tool, ["arguments"] = arguments ?? new JsonObject() });

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
