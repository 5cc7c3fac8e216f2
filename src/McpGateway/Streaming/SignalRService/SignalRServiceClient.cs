using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace McpGateway.Streaming.SignalRService;

/// <summary>
/// The Azure SignalR Service data-plane REST API (serverless mode, version 2022-06-01) on an Azure.Core pipeline:
/// send to a group or a user, add or remove a connection in a group, and the client URL and token for negotiate.
/// Auth is an HS256 token per try signed with the access key, or an Entra ID bearer token
/// (scope <see cref="SignalRServiceCredentials.Scope"/>); with Entra ID, client tokens are signed with a key fetched from
/// <c>GET /api/v1/auth/accessKey</c>.
/// </summary>
public sealed class SignalRServiceClient
{
    private static readonly TimeSpan EntraKeyRefresh = TimeSpan.FromMinutes(55);
    private readonly SignalRServiceConnectionString _connection;
    private readonly SignalRServiceClientOptions _options;
    private readonly TimeProvider _time;
    private readonly HttpPipeline _pipeline;
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private (string KeyId, string Key, DateTimeOffset Fetched)? _entraKey;

    public SignalRServiceClient(SignalRServiceConnectionString connection, TokenCredential? credential,
        SignalRServiceClientOptions? options = null, TimeProvider? time = null)
    {
        _connection = connection;
        _options = options ?? new SignalRServiceClientOptions();
        _time = time ?? TimeProvider.System;
        HttpPipelinePolicy auth = connection.AccessKey is { } key
            ? new SignalRServiceAccessKeyPolicy(key, connection.AudienceBase, _options.RestTokenLifetime, _time)
            : new BearerTokenAuthenticationPolicy(credential ?? throw new ArgumentNullException(nameof(credential)), SignalRServiceCredentials.Scope);
        var pipelineOptions = new HttpPipelineOptions(_options);
        pipelineOptions.PerRetryPolicies.Add(auth);
        _pipeline = HttpPipelineBuilder.Build(pipelineOptions);
    }

    public Task SendToGroupAsync(string hub, string group, string target, JsonNode argument, CancellationToken cancellationToken)
        => SendAsync(RequestMethod.Post, $"api/hubs/{Escape(hub)}/groups/{Escape(group)}/:send", Invocation(target, argument), 202, cancellationToken);

    public Task SendToUserAsync(string hub, string user, string target, JsonNode argument, CancellationToken cancellationToken)
        => SendAsync(RequestMethod.Post, $"api/hubs/{Escape(hub)}/users/{Escape(user)}/:send", Invocation(target, argument), 202, cancellationToken);

    /// <summary>Adds a connection to a group; a connection the service does not know fails with status 404.</summary>
    public Task AddConnectionToGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken)
        => SendAsync(RequestMethod.Put, $"api/hubs/{Escape(hub)}/groups/{Escape(group)}/connections/{Escape(connectionId)}", null, 200, cancellationToken);

    public Task RemoveConnectionFromGroupAsync(string hub, string group, string connectionId, CancellationToken cancellationToken)
        => SendAsync(RequestMethod.Delete, $"api/hubs/{Escape(hub)}/groups/{Escape(group)}/connections/{Escape(connectionId)}", null, 200, cancellationToken);

    /// <summary>
    /// The negotiate answer for a client: <c>{ClientEndpoint}client/?hub={hub}</c> and a token whose <c>aud</c> is that URL
    /// (audience base without port), carrying the user id as <c>nameid</c> (and <c>asrs.s.uid</c>) when there is a user.
    /// </summary>
    public async Task<ClientAccess> GetClientAccessAsync(string hub, string? userId, CancellationToken cancellationToken)
    {
        var pathAndQuery = "/client/?hub=" + Uri.EscapeDataString(hub.ToLowerInvariant());
        var claims = SignalRServiceTokens.UserClaims(userId);
        var now = _time.GetUtcNow();
        string token;
        if (_connection.AccessKey is { } key)
        {
            token = SignalRServiceTokens.Create(key, _connection.AudienceBase + pathAndQuery, now, _options.ClientTokenLifetime, claims);
        }
        else
        {
            var entra = await GetEntraKeyAsync(cancellationToken).ConfigureAwait(false);
            token = SignalRServiceTokens.Create(entra.Key, _connection.AudienceBase + pathAndQuery, now, _options.ClientTokenLifetime, claims, entra.KeyId);
        }
        return new ClientAccess(_connection.ClientEndpoint.GetLeftPart(UriPartial.Authority) + pathAndQuery, token);
    }

    private async Task<(string KeyId, string Key)> GetEntraKeyAsync(CancellationToken cancellationToken)
    {
        await _keyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_entraKey is { } cached && _time.GetUtcNow() - cached.Fetched < EntraKeyRefresh)
            {
                return (cached.KeyId, cached.Key);
            }
            var response = await SendCoreAsync(RequestMethod.Get, "api/v1/auth/accessKey", null, 200, cancellationToken, withVersion: false).ConfigureAwait(false);
            using var document = JsonDocument.Parse(response.ToMemory());
            var keyId = document.RootElement.GetProperty("KeyId").GetString() ?? "";
            var accessKey = document.RootElement.GetProperty("AccessKey").GetString()
                ?? throw new RequestFailedException("Azure SignalR Service returned no AccessKey from /api/v1/auth/accessKey.");
            _entraKey = (keyId, accessKey, _time.GetUtcNow());
            return (keyId, accessKey);
        }
        finally
        {
            _keyGate.Release();
        }
    }

    private async Task SendAsync(RequestMethod method, string path, JsonObject? body, int expected, CancellationToken cancellationToken)
        => await SendCoreAsync(method, path, body, expected, cancellationToken, withVersion: true).ConfigureAwait(false);

    private async Task<BinaryData> SendCoreAsync(RequestMethod method, string path, JsonObject? body, int expected, CancellationToken cancellationToken, bool withVersion)
    {
        using var message = _pipeline.CreateMessage();
        message.ResponseClassifier = new StatusCodeClassifier([(ushort)expected]);
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(new Uri(_connection.ServerEndpoint, withVersion ? $"{path}?api-version={SignalRServiceClientOptions.ApiVersion}" : path));
        if (body is not null)
        {
            request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
            request.Content = RequestContent.Create(Encoding.UTF8.GetBytes(body.ToJsonString()));
        }
        await _pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (message.Response.IsError)
        {
            throw new RequestFailedException(message.Response);
        }
        return message.Response.Content;
    }

    /// <summary>The REST body that invokes a client method: <c>{"target": ..., "arguments": [...]}</c>.</summary>
    private static JsonObject Invocation(string target, JsonNode argument)
        => new() { ["target"] = target, ["arguments"] = new JsonArray(argument.DeepClone()) };

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
