using System.Diagnostics;
using System.Globalization;

namespace McpGateway.Hosting;

/// <summary>Adds <c>X-Response-Time</c> (milliseconds spent in the gateway until the response started) to every response.</summary>
internal sealed class ResponseTimeMiddleware(RequestDelegate next)
{
    public const string Header = "X-Response-Time";

    public Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(static state =>
        {
            var (ctx, start) = ((HttpContext, long))state;
            ctx.Response.Headers[Header] = Stopwatch.GetElapsedTime(start).TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
            return Task.CompletedTask;
        }, (context, started));
        return next(context);
    }
}
