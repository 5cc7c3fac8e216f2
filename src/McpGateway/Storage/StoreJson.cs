using System.Text.Json.Serialization;
using McpGateway.Jobs;
using McpGateway.Registry;

namespace McpGateway.Storage;

/// <summary>Source-generated JSON for the records that stores persist as JSON text.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LoadBalancerSettings))]
[JsonSerializable(typeof(InstanceDefinition))]
[JsonSerializable(typeof(InstanceHealth))]
[JsonSerializable(typeof(JobRecord))]
[JsonSerializable(typeof(BatchRecord))]
internal sealed partial class StoreJson : JsonSerializerContext;
