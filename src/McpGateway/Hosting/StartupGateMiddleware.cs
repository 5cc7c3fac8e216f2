namespace McpGateway.Hosting;

/// <summary>
/// Holds requests until start-up finished (<c>GET /</c>, readiness, is answered before this by <see cref="ReadinessMiddleware"/>).
/// Standalone the gate is open before the server listens; in the isolated-worker Functions app the host can forward a request
/// before <see cref="GatewayStartup"/> has finished, and that request waits here.
/// </summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!gate.Ready.IsCompletedSuccessfully)
        {
            await gate.Ready.WaitAsync(context.RequestAborted);
        }
        await next(context);
    }
}
