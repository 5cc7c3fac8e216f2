using System.Text.Json;

namespace McpGateway.Hosting;

/// <summary>
/// Answers <c>GET /</c> (and <c>HEAD /</c>), the readiness probe of load balancers and container platforms, ahead of
/// routing, authentication and the start-up gate: it says the process listens, nothing more. Placed first, it also keeps
/// the route table's construction out of a cold start's first answer (the table is built on the first routed request).
/// </summary>
internal sealed class ReadinessMiddleware(RequestDelegate next)
{
    private static readonly byte[] Body = CreateBody();

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path.Value != "/" || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)))
        {
            return next(context);
        }
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = Body.Length;
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(Body).AsTask();
    }

    private static byte[] CreateBody()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, "McpGateway");
            writer.WriteString("version"u8, GatewayInfo.Version);
            writer.WriteString("docs"u8, "/docs");
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
