namespace McpGateway.Upstreams;

/// <summary>One progress notification from an upstream, for the request it belongs to.</summary>
public readonly record struct ProgressUpdate(double Progress, double? Total, string? Message);
