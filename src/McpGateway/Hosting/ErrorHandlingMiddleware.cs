using McpGateway.Api;

namespace McpGateway.Hosting;

/// <summary>Routes every exception through <see cref="GatewayExceptionHandler"/>; nothing reaches the caller as a stack trace.</summary>
internal sealed class ErrorHandlingMiddleware(RequestDelegate next, GatewayExceptionHandler handler)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await handler.TryHandleAsync(context, e, context.RequestAborted);
        }
    }
}
