using McpGateway.Api;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.Hosting;

/// <summary>Gives bodiless 4xx/5xx answers from routing (unknown path, wrong method, wrong media type) a problem+json body.</summary>
internal static class StatusCodeProblems
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status404NotFound => $"No endpoint at '{http.Request.Path.Value}'. See /docs for the API.",
            StatusCodes.Status405MethodNotAllowed => $"'{http.Request.Method}' is not allowed on '{http.Request.Path.Value}'.",
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with 'Content-Type: application/json'.",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return ProblemWriter.WriteAsync(http, status, ReasonPhrases.GetReasonPhrase(status), detail,
            "https://mcpgateway.dev/errors/http-" + status);
    }
}
