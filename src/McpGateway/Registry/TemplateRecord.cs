namespace McpGateway.Registry;

/// <summary>A template as stored: its settings and its instances with their persisted health.</summary>
public sealed record TemplateRecord(string Name, LoadBalancerSettings LoadBalancer, IReadOnlyList<InstanceRecord> Instances);

public sealed record InstanceRecord(InstanceDefinition Definition, InstanceHealth Health);
