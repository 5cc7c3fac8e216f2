using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace McpGateway.TestServer;

/// <summary>Kestrel + minimal APIs around <see cref="StreamableHttpEndpoint"/>.</summary>
public static class HttpHost
{
    public static async Task<int> RunAsync(TestServerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        StderrLogging.Configure(builder.Logging, options.Verbose);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (IPAddress.TryParse(options.Host, out var ip))
            {
                kestrel.Listen(ip, options.Port);
            }
            else if (string.Equals(options.Host, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                kestrel.ListenLocalhost(options.Port);
            }
            else
            {
                kestrel.ListenAnyIP(options.Port);
            }
        });

        await using var app = builder.Build();
        var definition = new ServerDefinition(new ServerState(options.Id), app.Services.GetRequiredService<ILoggerFactory>());
        await using var endpoint = new StreamableHttpEndpoint(definition, options, app.Lifetime.ApplicationStopping);

        if (IsLoopback(options.Host))
        {
            app.Use(endpoint.RejectNonLocalHostAsync);
        }

        app.MapPost(options.Path, endpoint.PostAsync);
        app.MapGet(options.Path, endpoint.GetAsync);
        app.MapDelete(options.Path, endpoint.DeleteAsync);

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address");
        int port = new Uri(address.Replace("+", "localhost", StringComparison.Ordinal).Replace("*", "localhost", StringComparison.Ordinal)).Port;
        Console.Out.WriteLine($"listening on http://{UrlHost(options.Host)}:{port}{options.Path}");
        Console.Out.Flush();

        await app.WaitForShutdownAsync();
        return 0;
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));

    private static string UrlHost(string host) => host switch
    {
        "0.0.0.0" => "127.0.0.1",
        "::" => "[::1]",
        _ when IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 => $"[{host}]",
        _ => host,
    };
}
