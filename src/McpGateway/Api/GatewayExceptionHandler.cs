using McpGateway.Mcp;
using McpGateway.Security;
using Microsoft.AspNetCore.Diagnostics;

namespace McpGateway.Api;

/// <summary>
/// The one <see cref="IExceptionHandler"/> (<c>AddExceptionHandler</c> + <c>UseExceptionHandler</c>): an exception that
/// escapes an endpoint or a middleware becomes the problem <see cref="GatewayProblems.From"/> maps it to (caller mistakes
/// 4xx with a clear detail; anything unexpected a logged 500 whose body names no internals). On the MCP endpoints
/// (<c>/mcp</c>, <c>/mcp/{template}</c>) the answer is a JSON-RPC error from <see cref="McpErrors"/> instead, as the
/// front door answers its own errors.
/// </summary>
internal sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }
        var callerCancelled = context.RequestAborted.IsCancellationRequested;
        if (callerCancelled && exception is OperationCanceledException)
        {
            // Nobody reads the answer.
            context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }
        if (McpPaths.IsMcpEndpoint(context.Request.Path))
        {
            var error = McpErrors.From(exception, logger);
            await ResponseStream.WriteJsonAsync(context, error.HttpStatus == StatusCodes.Status200OK ? StatusCodes.Status400BadRequest : error.HttpStatus,
                McpErrors.Error(null, error.Code, error.Message, error.ErrorData), cancellationToken);
            return true;
        }
        if (!GatewayProblems.IsExpected(exception))
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}.", context.Request.Method, context.Request.Path.Value);
        }
        await GatewayProblems.WriteAsync(context, GatewayProblems.From(exception, context.Request.Path.Value));
        return true;
    }
}
