using System.Text.Json;
using McpGateway.Api;
using McpGateway.Hosting;
using Microsoft.Extensions.Options;

namespace McpGateway.Registry;

/// <summary>Applies <c>MCP_GATEWAY_REGISTRY_FILE</c> at start: its templates' settings and instances are created or replaced.</summary>
public sealed class RegistryFileLoader(GatewayRegistry registry, IOptions<GatewayOptions> options, ILogger<RegistryFileLoader> logger)
{
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.RegistryFile;
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }
        RegistryDocument document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonSerializer.DeserializeAsync<RegistryDocument>(stream, ApiJson.Options, cancellationToken).ConfigureAwait(false)
                ?? new RegistryDocument();
        }
        catch (JsonException e)
        {
            throw new GatewayConfigurationException([$"MCP_GATEWAY_REGISTRY_FILE '{path}' is not valid registry JSON ({e.Message}): fix the file; the expected shape is {{\"templates\": {{\"<name>\": {{\"instances\": [...], \"load_balancer\": {{...}}}}}}}}."]);
        }
        var count = 0;
        foreach (var (name, template) in document.Templates)
        {
            try
            {
                Names.Require(name, "template");
                if (template.LoadBalancer is not null)
                {
                    InstanceValidator.Validate(template.LoadBalancer);
                    await registry.Store.UpsertTemplateAsync(name, template.LoadBalancer, cancellationToken).ConfigureAwait(false);
                }
                foreach (var instance in template.Instances)
                {
                    var definition = instance.ToDefinition(name);
                    if (registry.Find(name)?.Find(definition.Id) is not null)
                    {
                        await registry.DeregisterAsync(name, definition.Id, cancellationToken).ConfigureAwait(false);
                    }
                    await registry.RegisterAsync(definition, null, cancellationToken).ConfigureAwait(false);
                    count++;
                }
            }
            catch (GatewayException e)
            {
                throw new GatewayConfigurationException([$"MCP_GATEWAY_REGISTRY_FILE '{path}', template '{name}': {e.Message}"]);
            }
        }
        await registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Loaded {Count} instances of {Templates} templates from {Path}.", count, document.Templates.Count, path);
    }
}
