using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace McpGateway.Api;

/// <summary>
/// The one mapping from an error to an RFC 9457 problem (<see cref="ProblemDetails"/>): status, title, <c>type</c> URI,
/// detail, <c>instance</c> and the extensions of <see cref="GatewayException.Extensions"/> (<c>template</c>,
/// <c>instance_id</c>, <c>may_have_executed</c>, <c>mcp_error_code</c>). Responses are written by ASP.NET Core's problem
/// details (<see cref="IProblemDetailsService"/>, set up by <c>AddProblemDetails</c> with <see cref="Customize"/>) from
/// <see cref="GatewayExceptionHandler"/>, the status code pages and <see cref="Security.DeniedResponses"/>; streams send
/// the same problem as an event payload (<see cref="ToJson"/>). Nothing internal (exception messages of unexpected
/// errors, stack traces) gets into a problem.
/// </summary>
internal static class GatewayProblems
{
    public const string TypeBase = "https://mcpgateway.dev/errors/";
    private const string TraceIdMember = "trace_id";

    /// <summary>The problem for <paramref name="exception"/>. <paramref name="callerCancelled"/>: the caller went away (499).</summary>
    public static ProblemDetails From(Exception exception, string? instance, bool callerCancelled = false) => exception switch
    {
        GatewayException e => Create(e.Status, e.Title, e.Message, e.Type, instance, e.Extensions),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => Create(413, "Request body too large",
            "The request body exceeds the gateway's limit (McpGateway:MaxRequestBodyBytes).", TypeBase + "bad-request", instance),
        BadHttpRequestException e => Create(e.StatusCode, "Bad request", e.Message, TypeBase + "bad-request", instance),
        JsonException => Create(400, "Malformed JSON body", "The body is not valid JSON.", TypeBase + "bad-request", instance),
        OperationCanceledException when callerCancelled => Create(499, "Cancelled", "The call was cancelled.", TypeBase + "cancelled", instance),
        _ => Create(500, "Internal error", "The gateway failed to handle the request. The trace id identifies it in the gateway's log.",
            TypeBase + "internal", instance),
    };

    /// <summary>Whether <see cref="From"/> answers <paramref name="exception"/> as a caller's mistake or a known condition (not logged as an error).</summary>
    public static bool IsExpected(Exception exception, bool callerCancelled = false)
        => exception is GatewayException or BadHttpRequestException or JsonException || (callerCancelled && exception is OperationCanceledException);

    /// <summary>A bodiless status (unknown route, wrong method, wrong media type; or a refusal) as a problem of type <c>errors/http-{status}</c>.</summary>
    public static ProblemDetails ForStatus(HttpContext context, int status, string? title = null, string? detail = null)
        => Create(status, title ?? ReasonPhrases.GetReasonPhrase(status), detail ?? StatusDetail(context, status), HttpType(status),
            context.Request.Path.Value);

    public static string HttpType(int status) => TypeBase + "http-" + status;

    public static ProblemDetails Create(int status, string title, string detail, string type, string? instance,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Type = type, Title = title, Status = status, Detail = detail, Instance = instance };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>())
        {
            problem.Extensions[key] = value;
        }
        return problem;
    }

    /// <summary>
    /// Writes <paramref name="problem"/> as the response (status and <c>application/problem+json</c>) through ASP.NET Core:
    /// <see cref="IProblemDetailsService"/>, or, when the request's <c>Accept</c> rules out JSON (an SSE client's
    /// <c>text/event-stream</c>), the framework's own problem result, so every error stays problem+json as documented.
    /// </summary>
    public static Task WriteAsync(HttpContext context, ProblemDetails problem)
    {
        problem.Extensions[TraceIdMember] = context.TraceIdentifier;
        return TypedResults.Problem(problem).ExecuteAsync(context);
    }

    /// <summary>
    /// <c>ProblemDetailsOptions.CustomizeProblemDetails</c>: completes a problem ASP.NET Core made itself (status code
    /// pages, the exception handler middleware) the way <see cref="ForStatus"/> would, and keeps the gateway's
    /// <c>trace_id</c> member instead of the framework's <c>traceId</c>.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        problem.Extensions.Remove("traceId");
        problem.Extensions.TryAdd(TraceIdMember, http.TraceIdentifier);
        problem.Instance ??= http.Request.Path.Value;
        if (problem.Type?.StartsWith(TypeBase, StringComparison.Ordinal) != true)
        {
            var status = problem.Status ?? http.Response.StatusCode;
            var ours = ForStatus(http, status, detail: problem.Detail);
            problem.Type = ours.Type;
            problem.Title = ours.Title;
            problem.Detail = ours.Detail;
        }
    }

    /// <summary>The problem as a JSON object, for an error event of a stream (SSE, WebSocket) that already started.</summary>
    public static JsonObject ToJson(ProblemDetails problem)
        => JsonSerializer.SerializeToNode(problem, ApiJson.Options)!.AsObject();

    private static string StatusDetail(HttpContext context, int status) => status switch
    {
        StatusCodes.Status404NotFound => $"No endpoint at '{context.Request.Path.Value}'. See /docs for the API.",
        StatusCodes.Status405MethodNotAllowed => $"'{context.Request.Method}' is not allowed on '{context.Request.Path.Value}'.",
        StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON with 'Content-Type: application/json'.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
