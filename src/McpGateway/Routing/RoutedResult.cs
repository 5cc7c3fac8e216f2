using System.Text.Json.Nodes;

namespace McpGateway.Routing;

/// <summary>An upstream answer and the instance that gave it.</summary>
public readonly record struct RoutedResult(JsonNode? Result, string InstanceId, int Attempts);
