using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Tests.Streaming;

/// <summary>
/// A stand-in for the Azure SignalR Service data-plane REST API (2022-06-01) on loopback. It answers only what the
/// documented API accepts: the paths of send-to-group, send-to-user and group membership with <c>?api-version=2022-06-01</c>,
/// <c>Authorization: Bearer</c> with an HS256 JWT signed with the UTF-8 bytes of the access key, <c>aud</c> equal to the
/// request URL (scheme and host without port, as the service's SDK computes it), an <c>exp</c>; send bodies
/// <c>{"target", "arguments": [...]}</c>. Everything else is 401/400/404, and every call is recorded.
/// </summary>
public sealed class SignalRServiceStandIn : IAsyncDisposable
{
    public const string ApiVersion = "2022-06-01";
    private readonly WebApplication _app;
    private readonly List<RecordedCall> _calls = [];

    private SignalRServiceStandIn(WebApplication app, string accessKey, int port)
    {
        _app = app;
        AccessKey = accessKey;
        Port = port;
    }

    public string AccessKey { get; }
    public int Port { get; }
    /// <summary>Connection ids the service "knows"; adding any other to a group is a 404.</summary>
    public HashSet<string> Connections { get; } = ["conn-1"];
    public string ConnectionString => $"Endpoint=http://127.0.0.1;Port={Port};AccessKey={AccessKey};Version=1.0;";

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToList();
            }
        }
    }

    public static async Task<SignalRServiceStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var accessKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        SignalRServiceStandIn? standIn = null;
        app.Run(context => standIn!.HandleAsync(context));
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        standIn = new SignalRServiceStandIn(app, accessKey, address.Port);
        return standIn;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
        var (status, problem, claims) = await CheckAsync(context, rawTarget, body);
        lock (_calls)
        {
            _calls.Add(new RecordedCall(context.Request.Method, rawTarget, body, claims, status, problem));
        }
        context.Response.StatusCode = status;
        if (problem is not null)
        {
            await context.Response.WriteAsJsonAsync(new { code = "Error", message = problem });
        }
    }

    private async Task<(int Status, string? Problem, IDictionary<string, object>? Claims)> CheckAsync(HttpContext context, string rawTarget, string body)
    {
        if (context.Request.Query["api-version"] != ApiVersion)
        {
            return (400, "api-version must be " + ApiVersion, null);
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return (401, "missing Bearer token", null);
        }
        var token = header["Bearer ".Length..];
        var audience = "http://127.0.0.1" + rawTarget;
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(AccessKey)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidAudience = audience,
            ValidateIssuer = false,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.Zero,
        });
        if (!validation.IsValid)
        {
            return (401, $"invalid token for aud '{audience}': {validation.Exception?.GetType().Name}", null);
        }
        var claims = validation.Claims;
        var path = context.Request.Path.Value ?? "";
        var segments = rawTarget.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        // api / hubs / {hub} / groups|users / {name} / :send   or   api / hubs / {hub} / groups / {group} / connections / {id}
        if (segments is not ["api", "hubs", _, ..])
        {
            return (404, "unknown path " + path, claims);
        }
        if (segments is [_, _, _, "groups" or "users", _, ":send"] && context.Request.Method == "POST")
        {
            var json = JsonNode.Parse(body) as JsonObject;
            if (json?["target"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || json["arguments"] is not JsonArray)
            {
                return (400, "body must be {\"target\": string, \"arguments\": [...]}", claims);
            }
            return (202, null, claims);
        }
        if (segments is [_, _, _, "groups", _, "connections", var connection] && context.Request.Method is "PUT" or "DELETE")
        {
            return Connections.Contains(Uri.UnescapeDataString(connection)) ? (200, null, claims) : (404, "connection not found", claims);
        }
        return (404, $"no API at {context.Request.Method} {path}", claims);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record RecordedCall(string Method, string RawTarget, string Body, IDictionary<string, object>? Claims, int Status, string? Problem)
{
    public string PathOnly => RawTarget.Split('?')[0];
}
