namespace McpGateway.Streaming.SignalRService;

/// <summary>What negotiate returns to a client: the service's client URL for the hub and a token for exactly that URL.</summary>
public sealed record ClientAccess(string Url, string AccessToken);
