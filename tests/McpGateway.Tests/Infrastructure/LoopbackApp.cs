using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Tests.Infrastructure;

/// <summary>A small Kestrel app on 127.0.0.1 (free port) answering every request with <c>handler</c>; counts the requests.</summary>
public sealed class LoopbackApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hits;

    private LoopbackApp(WebApplication app) => _app = app;

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseAddress { get; private set; } = "";

    public int Hits => Volatile.Read(ref _hits);

    public static async Task<LoopbackApp> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var loopback = new LoopbackApp(app);
        app.Run(context =>
        {
            Interlocked.Increment(ref loopback._hits);
            return handler(context);
        });
        await app.StartAsync();
        loopback.BaseAddress = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return loopback;
    }

    /// <summary>Answers every request with <paramref name="status"/> and <c>Location: <paramref name="location"/></c>.</summary>
    public static Task<LoopbackApp> RedirectingAsync(string location, int status = StatusCodes.Status307TemporaryRedirect)
        => StartAsync(context =>
        {
            context.Response.StatusCode = status;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
        });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
