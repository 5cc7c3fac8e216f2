using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace McpGateway.Api;

/// <summary>The one place errors become responses. Caller mistakes are 4xx with a clear detail; nothing internal leaks.</summary>
internal sealed class GatewayExceptionHandler(ILogger<GatewayExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }
        switch (exception)
        {
            case GatewayException e:
                await ProblemWriter.WriteAsync(context, e.Status, e.Title, e.Message, e.Type, e.Extensions);
                return true;
            case BadHttpRequestException e:
                var title = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request body too large" : "Bad request";
                var detail = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body exceeds the gateway's limit (McpGateway:MaxRequestBodyBytes)."
                    : e.Message;
                await ProblemWriter.WriteAsync(context, e.StatusCode, title, detail, "https://mcpgateway.dev/errors/bad-request");
                return true;
            case JsonException:
                await ProblemWriter.WriteAsync(context, 400, "Malformed JSON body", "The body is not valid JSON.", "https://mcpgateway.dev/errors/bad-request");
                return true;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                context.Response.StatusCode = 499;
                return true;
            default:
                logger.LogError(exception, "Unhandled error on {Method} {Path}.", context.Request.Method, context.Request.Path.Value);
                await ProblemWriter.WriteAsync(context, 500, "Internal error",
                    "The gateway failed to handle the request. The trace id identifies it in the gateway's log.",
                    "https://mcpgateway.dev/errors/internal");
                return true;
        }
    }
}
