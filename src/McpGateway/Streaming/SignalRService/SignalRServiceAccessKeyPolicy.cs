using Azure.Core;
using Azure.Core.Pipeline;

namespace McpGateway.Streaming.SignalRService;

/// <summary>Per-try auth with the access key: a fresh HS256 token whose <c>aud</c> is the exact request URL (audience base without port).</summary>
internal sealed class SignalRServiceAccessKeyPolicy(string accessKey, string audienceBase, TimeSpan lifetime, TimeProvider time)
    : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        var audience = audienceBase + message.Request.Uri.ToUri().PathAndQuery;
        var token = SignalRServiceTokens.Create(accessKey, audience, time.GetUtcNow(), lifetime);
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token);
    }
}
