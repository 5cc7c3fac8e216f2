using System.Text.Json;
using McpGateway.Api;
using McpGateway.Hosting;
using McpGateway.Pool;
using McpGateway.Registry;
using McpGateway.Upstreams;
using Microsoft.Extensions.Options;

namespace McpGateway.Worker;

/// <summary>The stdio templates a worker hosts: one process pool per template (the first stdio instance of each in the file).</summary>
public sealed class WorkerTemplates(StdioProcessPools pools, UpstreamConnections connections, IOptions<WorkerOptions> options, ILogger<WorkerTemplates> logger)
    : IAsyncDisposable
{
    private Dictionary<string, StdioProcessPool> _pools = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Templates => _pools.Keys;

    public StdioProcessPool? Find(string template) => _pools.GetValueOrDefault(template);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.TemplatesFile!;
        RegistryDocument document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonSerializer.DeserializeAsync<RegistryDocument>(stream, ApiJson.Options, cancellationToken).ConfigureAwait(false) ?? new();
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new GatewayConfigurationException([$"The worker's registry file '{path}' cannot be read as registry JSON: {e.Message}"]);
        }
        var loaded = new Dictionary<string, StdioProcessPool>(StringComparer.Ordinal);
        foreach (var (name, template) in document.Templates)
        {
            InstanceDefinition? stdio;
            try
            {
                McpGateway.Registry.Names.Require(name, "template");
                stdio = template.Instances.Select(i => i.ToDefinition(name)).FirstOrDefault(d => d.Transport == InstanceTransports.Stdio);
                if (stdio is not null)
                {
                    InstanceValidator.Validate(stdio, connections);
                }
            }
            catch (GatewayException e)
            {
                throw new GatewayConfigurationException([$"The worker's registry file '{path}', template '{name}': {e.Message}"]);
            }
            if (stdio is null)
            {
                logger.LogInformation("Template {Template} has no stdio instance; a worker hosts stdio templates only.", name);
                continue;
            }
            loaded[name] = pools.Create(stdio);
        }
        _pools = loaded;
        logger.LogInformation("Worker hosts {Count} stdio templates: {Templates}.", loaded.Count, string.Join(", ", loaded.Keys));
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_pools.Values.Select(p => p.DisposeAsync().AsTask())).ConfigureAwait(false);
        _pools.Clear();
    }
}
