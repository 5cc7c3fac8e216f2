using System.Text.Json;
using Azure.Data.Tables;
using McpGateway.Registry;

namespace McpGateway.Storage.Azure;

/// <summary>
/// The registry's table layout. One partition per template (PartitionKey = template name):
/// RowKey <c>template</c> holds the load-balancer settings, RowKey <c>instance:{id}</c> one instance (definition, health,
/// registration sequence). PartitionKey <c>_meta</c> / RowKey <c>version</c> holds the change counter; template names are
/// slugs, so they never start with <c>_</c>.
/// </summary>
internal static class RegistryRows
{
    public const string MetaPartition = "_meta";
    public const string VersionRow = "version";
    public const string TemplateRow = "template";
    public const string InstancePrefix = "instance:";

    public const string Kind = "Kind";
    public const string Settings = "Settings";
    public const string Definition = "Definition";
    public const string Health = "Health";
    public const string Sequence = "Sequence";
    public const string Version = "Version";

    public static string InstanceKey(string id) => InstancePrefix + id;

    /// <summary>False for values that cannot be a PartitionKey/RowKey (such a row cannot exist, so lookups find nothing).</summary>
    public static bool IsStorable(string? template, string? id)
    {
        try
        {
            TableKeys.Validate(template, nameof(template));
            TableKeys.Validate(id is null ? null : InstanceKey(id), nameof(id));
            return template != MetaPartition;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The settings row with only its kind: merged in, it creates a missing template and leaves settings alone.</summary>
    public static TableEntity TemplateMarker(string template) => new(template, TemplateRow) { [Kind] = TemplateRow };

    public static TableEntity Template(string template, LoadBalancerSettings settings) => new(template, TemplateRow)
    {
        [Kind] = TemplateRow,
        [Settings] = JsonSerializer.Serialize(settings, StoreJson.Default.LoadBalancerSettings),
    };

    public static TableEntity NewInstance(InstanceDefinition instance, long sequence) => new(instance.Template, InstanceKey(instance.Id))
    {
        [Kind] = "instance",
        [Definition] = JsonSerializer.Serialize(instance, StoreJson.Default.InstanceDefinition),
        [Health] = JsonSerializer.Serialize(new InstanceHealth(), StoreJson.Default.InstanceHealth),
        [Sequence] = sequence,
    };

    /// <summary>Only the definition: merged, it leaves the health and the registration sequence alone.</summary>
    public static TableEntity DefinitionOnly(InstanceDefinition instance) => new(instance.Template, InstanceKey(instance.Id))
    {
        [Kind] = "instance",
        [Definition] = JsonSerializer.Serialize(instance, StoreJson.Default.InstanceDefinition),
    };

    /// <summary>Only the health property: merged, it cannot touch the definition.</summary>
    public static TableEntity HealthOnly(string template, string id, InstanceHealth health) => new(template, InstanceKey(id))
    {
        [Health] = JsonSerializer.Serialize(health, StoreJson.Default.InstanceHealth),
    };

    public static LoadBalancerSettings ReadSettings(TableEntity row)
        => row.GetString(Settings) is { } json ? JsonSerializer.Deserialize(json, StoreJson.Default.LoadBalancerSettings) ?? new() : new();

    public static InstanceRecord ReadInstance(TableEntity row)
    {
        var definition = JsonSerializer.Deserialize(row.GetString(Definition) ?? "{}", StoreJson.Default.InstanceDefinition)!;
        var health = row.GetString(Health) is { } json ? JsonSerializer.Deserialize(json, StoreJson.Default.InstanceHealth) ?? new() : new();
        return new InstanceRecord(definition, health);
    }
}
