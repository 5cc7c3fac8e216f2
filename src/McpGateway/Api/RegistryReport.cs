using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Registry;

namespace McpGateway.Api;

/// <summary>The registry in the file shape, with health; environment values are never shown (they often hold secrets).</summary>
internal static class RegistryReport
{
    public static JsonObject Build(GatewayRegistry registry)
    {
        var templates = new JsonObject();
        foreach (var template in registry.Templates.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            var instances = new JsonArray();
            foreach (var instance in template.Instances)
            {
                instances.Add(Instance(instance.Definition, instance.Health));
            }
            templates[template.Name] = new JsonObject
            {
                ["instances"] = instances,
                ["load_balancer"] = JsonSerializer.SerializeToNode(template.Settings, ApiJson.Options),
            };
        }
        return new JsonObject { ["templates"] = templates };
    }

    public static JsonObject Instance(InstanceDefinition definition, InstanceHealth health)
    {
        var node = JsonSerializer.SerializeToNode(definition, ApiJson.Options)!.AsObject();
        node.Remove("template");
        if (definition.Env is { Count: > 0 } env)
        {
            node["env"] = new JsonObject(env.Keys.Select(k => KeyValuePair.Create(k, (JsonNode?)"***")));
        }
        node["health"] = JsonSerializer.SerializeToNode(health, ApiJson.Options);
        return node;
    }
}
