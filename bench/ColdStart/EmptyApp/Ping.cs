using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace EmptyApp;

/// <summary>The one function: anonymous GET /ping answers "ok", written to the context as the gateway's catch-all function does.</summary>
public static class Ping
{
    [Function("Ping")]
    public static Task RunAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "ping")] HttpRequest request)
        => request.HttpContext.Response.WriteAsync("ok");
}
