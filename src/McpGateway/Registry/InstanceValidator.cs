using McpGateway.Api;
using McpGateway.LoadBalancing;
using McpGateway.Upstreams;

namespace McpGateway.Registry;

/// <summary>Checks a registration before anything is stored; every failure is a 400 naming the field.</summary>
internal static class InstanceValidator
{
    /// <summary>The hard cap on one instance's pool, whatever it asks for (the gateway-wide cap is <c>MAX_TOTAL_WORKERS</c>).</summary>
    public const int MaxWorkersPerInstance = 64;

    public static void Validate(InstanceDefinition instance, UpstreamConnections connections)
    {
        Names.Require(instance.Template, "template");
        Names.Require(instance.Id, "id");
        if (!connections.Supports(instance.Transport))
        {
            throw GatewayException.BadRequest("Invalid transport", $"'transport' must be 'http' or 'stdio', not '{instance.Transport}'.");
        }
        if (instance.Transport == InstanceTransports.Http)
        {
            if (!Uri.TryCreate(instance.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw GatewayException.BadRequest("Invalid endpoint", "'endpoint' must be an absolute http:// or https:// URL of an MCP server.");
            }
        }
        else if (string.IsNullOrWhiteSpace(instance.Command))
        {
            throw GatewayException.BadRequest("Missing command", "A stdio instance needs 'command' (and optionally 'args', 'env', 'working_dir').");
        }
        if (instance.Weight is < 1 or > 1000)
        {
            throw GatewayException.BadRequest("Invalid weight", "'weight' must be between 1 and 1000.");
        }
        if (instance.MinWorkers is not null || instance.MaxWorkers is not null)
        {
            if (instance.Transport != InstanceTransports.Stdio)
            {
                throw GatewayException.BadRequest("Invalid workers", "'min_workers' and 'max_workers' apply to stdio instances only.");
            }
            if (instance.MinWorkers is < 0 or > MaxWorkersPerInstance || instance.MaxWorkers is < 1 or > MaxWorkersPerInstance
                || (instance.MinWorkers is { } min && instance.MaxWorkers is { } max && min > max))
            {
                throw GatewayException.BadRequest("Invalid workers",
                    $"'min_workers' must be 0-{MaxWorkersPerInstance}, 'max_workers' 1-{MaxWorkersPerInstance}, and 'min_workers' no more than 'max_workers'.");
            }
        }
        RequireNoControlCharacters(instance.Command, "command");
        foreach (var arg in instance.Args ?? [])
        {
            if (arg is null)
            {
                throw GatewayException.BadRequest("Invalid args", "'args' must be a list of strings (no nulls).");
            }
            RequireNoControlCharacters(arg, "args");
        }
        foreach (var (key, value) in instance.Env ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains('='))
            {
                throw GatewayException.BadRequest("Invalid env", "'env' names must be non-empty and contain no '='.");
            }
            RequireNoControlCharacters(key, "env");
            if (value is null)
            {
                throw GatewayException.BadRequest("Invalid env", $"'env' value of '{key}' must be a string.");
            }
            RequireNoControlCharacters(value, "env");
        }
        RequireNoControlCharacters(instance.WorkingDir, "working_dir");
    }

    /// <summary>
    /// NUL cuts a string short at the operating system (the process would run something other than what was registered and
    /// shown), and other control characters (newlines, escapes) forge log lines and terminal output: refused in what starts a process.
    /// </summary>
    private static void RequireNoControlCharacters(string? value, string field)
    {
        if (value is not null && value.Any(char.IsControl))
        {
            throw GatewayException.BadRequest("Invalid " + field,
                $"'{field}' must not contain control characters (NUL, newline, escape, ...).");
        }
    }

    public static void Validate(LoadBalancerSettings settings)
    {
        if (settings.Strategy is not null && !LoadBalancingPolicies.BuiltInNames.Contains(settings.Strategy))
        {
            throw GatewayException.BadRequest("Invalid strategy",
                $"'load_balancer.strategy' must be one of {string.Join(", ", LoadBalancingPolicies.BuiltInNames)}.");
        }
        if (settings.HealthCheckInterval is <= 0 || settings.Timeout is <= 0 || settings.MaxRetries is < 0)
        {
            throw GatewayException.BadRequest("Invalid load_balancer",
                "'health_check_interval' and 'timeout' must be positive seconds and 'max_retries' 0 or more.");
        }
    }
}
