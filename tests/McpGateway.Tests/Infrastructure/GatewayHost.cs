using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Tests.Infrastructure;

/// <summary>
/// A real gateway on Kestrel at 127.0.0.1 (free port), with its own data folder, in this test process.
/// Authentication is on as in production; <see cref="Client"/> sends the static admin key <see cref="AdminKey"/>
/// (and rate limiting is off) unless the settings say otherwise. <see cref="Logs"/> holds every log line.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>The static admin key (<c>API_KEY</c>) every test gateway is configured with.</summary>
    public const string AdminKey = "test-admin-key-0123456789abcdef";

    private readonly bool _ownsDataDirectory;

    private GatewayHost(WebApplication app, string dataDirectory, bool ownsDataDirectory, Uri baseAddress, CapturedLogs logs)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        BaseAddress = baseAddress;
        Logs = logs;
        Client = CreateClient(AdminKey);
    }

    public WebApplication App { get; }
    public string DataDirectory { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public CapturedLogs Logs { get; }

    /// <summary>A client that sends <paramref name="apiKey"/> as <c>X-API-Key</c> (none: anonymous).</summary>
    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        }
        return client;
    }

    /// <summary>A client that sends <c>Authorization: Bearer <paramref name="token"/></c>.</summary>
    public HttpClient CreateBearerClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public IServiceProvider Services => App.Services;

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    /// <param name="services">Runs after the gateway's own registrations (e.g. to add a counting storage policy).</param>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null,
        Action<IServiceCollection>? services = null)
    {
        var ownsDataDirectory = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, string?>
        {
            ["McpGateway:Port"] = "0",
            ["McpGateway:DataDirectory"] = dataDirectory,
            ["McpGateway:HealthIntervalSeconds"] = "3600",
            ["McpGateway:HealthTimeoutSeconds"] = "5",
            ["McpGateway:RequestTimeoutSeconds"] = "30",
            ["Logging:LogLevel:Default"] = "Warning",
            ["McpGateway:Auth:ApiKey"] = AdminKey,
            ["McpGateway:Auth:RateLimitPerMinute"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        var logs = new CapturedLogs();
        var app = GatewayApplication.Build([], values, collection =>
        {
            collection.AddLogging(logging => logging.AddProvider(logs));
            services?.Invoke(collection);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayHost(app, dataDirectory, ownsDataDirectory, new Uri(address), logs);
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
        if (!_ownsDataDirectory)
        {
            return; // a directory the caller passed in outlives this gateway (a restart, a second process on the same store)
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
