using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.Client.Tests.Infrastructure;

/// <summary>A tiny Kestrel server on 127.0.0.1 that answers every request with <paramref name="handler"/> and counts requests.</summary>
public sealed class StubServer(WebApplication app, Uri url) : IAsyncDisposable
{
    private int _requests;

    public Uri Url { get; } = url;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<StubServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        StubServer? stub = null;
        app.Run(async context =>
        {
            Interlocked.Increment(ref stub!._requests);
            await handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        stub = new StubServer(app, new Uri(address));
        return stub;
    }

    /// <summary>Reads the whole request, then drops the connection without answering: the call may have run.</summary>
    public static Task<StubServer> StartAbortingAsync() => StartAsync(async context =>
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
        context.Abort();
    });

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
