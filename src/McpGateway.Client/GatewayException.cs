using System.Text.Json.Nodes;

namespace McpGateway.Client;

/// <summary>
/// The gateway answered with an error (<c>application/problem+json</c>, RFC 9457). <see cref="Status"/>, <see cref="Title"/>
/// and <see cref="Detail"/> come from the problem document; <see cref="ProblemDetails"/> holds all of it.
/// </summary>
public class GatewayException : Exception
{
    /// <summary>Creates the exception from a problem document.</summary>
    /// <param name="status">The HTTP status of the response.</param>
    /// <param name="title">A short summary of the problem.</param>
    /// <param name="detail">What went wrong, for people.</param>
    /// <param name="problemDetails">The whole problem document, when the gateway sent one.</param>
    public GatewayException(int status, string title, string? detail, JsonObject? problemDetails = null)
        : base(string.IsNullOrEmpty(detail) ? $"{status} {title}" : $"{title}: {detail}")
    {
        Status = status;
        Title = title;
        Detail = detail;
        ProblemDetails = problemDetails;
    }

    /// <summary>The HTTP status code of the response (e.g. 400, 404, 409, 503).</summary>
    public int Status { get; }

    /// <summary>The problem's title, e.g. <c>Unknown template</c>.</summary>
    public string Title { get; }

    /// <summary>The problem's detail: what went wrong and often what to do.</summary>
    public string? Detail { get; }

    /// <summary>The problem's <c>type</c> URI, when present.</summary>
    public string? Type => ProblemDetails?["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? ProblemDetails["type"]!.GetValue<string>() : null;

    /// <summary>The complete problem document as sent by the gateway (null when the body was not JSON).</summary>
    public JsonObject? ProblemDetails { get; }

    /// <summary>True for 401 (no or invalid credentials) and 403 (not allowed).</summary>
    public bool IsAuthenticationError => Status is 401 or 403;
}
