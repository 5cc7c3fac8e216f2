using McpGateway.LoadBalancing;
using McpGateway.Storage;
using Microsoft.Extensions.Options;

namespace McpGateway.Hosting;

/// <summary>Validates settings at start-up; every message names the setting and the fix.</summary>
internal sealed class GatewayOptionsValidator(LoadBalancingPolicies policies) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"MCP_GATEWAY_PORT (McpGateway:Port) is {options.Port}: set a port between 1 and 65535 (0 picks a free port).");
        }
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            errors.Add("MCP_GATEWAY_HOST (McpGateway:Host) is empty: set an address to listen on, e.g. 127.0.0.1.");
        }
        if (options.HealthIntervalSeconds <= 0)
        {
            errors.Add($"MCP_GATEWAY_HEALTH_INTERVAL (McpGateway:HealthIntervalSeconds) is {options.HealthIntervalSeconds}: set a positive number of seconds, e.g. 30.");
        }
        if (options.HealthTimeoutSeconds <= 0)
        {
            errors.Add($"MCP_GATEWAY_HEALTH_TIMEOUT (McpGateway:HealthTimeoutSeconds) is {options.HealthTimeoutSeconds}: set a positive number of seconds, e.g. 10.");
        }
        if (options.MaxRetries < 0)
        {
            errors.Add($"MCP_GATEWAY_MAX_RETRIES (McpGateway:MaxRetries) is {options.MaxRetries}: set 0 or more.");
        }
        if (options.RequestTimeoutSeconds <= 0)
        {
            errors.Add($"MCP_REQUEST_TIMEOUT (McpGateway:RequestTimeoutSeconds) is {options.RequestTimeoutSeconds}: set a positive number of seconds, e.g. 60.");
        }
        if (options.UnhealthyThreshold <= 0)
        {
            errors.Add($"McpGateway:UnhealthyThreshold is {options.UnhealthyThreshold}: set 1 or more.");
        }
        if (options.RegistryRefreshSeconds <= 0)
        {
            errors.Add($"McpGateway:RegistryRefreshSeconds is {options.RegistryRefreshSeconds}: set a positive number of seconds.");
        }
        if (!policies.Contains(options.DefaultStrategy))
        {
            errors.Add($"MCP_GATEWAY_DEFAULT_STRATEGY (McpGateway:DefaultStrategy) is '{options.DefaultStrategy}': use one of {string.Join(", ", policies.Names)}.");
        }
        errors.AddRange(RegistryStoreSelector.Validate(options));
        if (options.RegistryFile is { Length: > 0 } file && !File.Exists(file))
        {
            errors.Add($"MCP_GATEWAY_REGISTRY_FILE (McpGateway:RegistryFile) is '{file}', which does not exist: point it at a JSON registry file or unset it.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
