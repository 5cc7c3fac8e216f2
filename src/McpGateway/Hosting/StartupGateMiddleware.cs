namespace McpGateway.Hosting;

/// <summary>Holds requests until start-up finished; <c>GET /</c> (readiness) answers at once.</summary>
internal sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!gate.Ready.IsCompletedSuccessfully && !(HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/"))
        {
            await gate.Ready.WaitAsync(context.RequestAborted);
        }
        await next(context);
    }
}
