using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Registry;

namespace McpGateway.Api;

/// <summary>
/// The registry in the file shape, with health, for display only: environment values are never shown, nor endpoint user-info
/// and query values, nor secret-looking argument values (<see cref="SecretRedaction"/>). Nothing reads it back as a registry.
/// </summary>
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
            node["env"] = new JsonObject(env.Keys.Select(k => KeyValuePair.Create(k, (JsonNode?)SecretRedaction.Mask)));
        }
        if (definition.Endpoint is { } endpoint)
        {
            node["endpoint"] = SecretRedaction.Endpoint(endpoint);
        }
        if (definition.Args is { Count: > 0 } args)
        {
            node["args"] = new JsonArray(SecretRedaction.Args(args).Select(a => (JsonNode?)a).ToArray());
        }
        node["health"] = JsonSerializer.SerializeToNode(health, ApiJson.Options);
        return node;
    }
}
