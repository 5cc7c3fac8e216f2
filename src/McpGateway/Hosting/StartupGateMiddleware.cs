namespace McpGateway.Hosting;

/// <summary>Holds requests until start-up finished (<c>GET /</c>, readiness, is answered before this by <see cref="ReadinessMiddleware"/>).</summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate, DeferredStartSignal deferredStart)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!gate.Ready.IsCompletedSuccessfully)
        {
            deferredStart.Release();
            await gate.Ready.WaitAsync(context.RequestAborted);
        }
        await next(context);
    }
}
