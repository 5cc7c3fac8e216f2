using System.Text.Json.Serialization;

namespace McpGateway.Streaming;

/// <summary>The body of <c>POST /gateway/jobs/{id}/subscribe</c> and <c>/unsubscribe</c>: the SignalR connection id.</summary>
public sealed class JobSubscribeRequest
{
    [JsonPropertyName("connection_id")] public string? ConnectionId { get; set; }
}
