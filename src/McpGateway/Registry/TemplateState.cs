namespace McpGateway.Registry;

/// <summary>A template as the router sees it: settings resolved against gateway defaults and its live instances.</summary>
public sealed class TemplateState(string name, LoadBalancerSettings settings, IReadOnlyList<InstanceState> instances)
{
    private long _sequence;

    public string Name { get; } = name;
    public LoadBalancerSettings Settings { get; } = settings;
    public IReadOnlyList<InstanceState> Instances { get; } = instances;

    /// <summary>A per-template counter strategies use for rotation.</summary>
    public long NextSequence() => Interlocked.Increment(ref _sequence) - 1;

    public InstanceState? Find(string instanceId)
    {
        foreach (var instance in Instances)
        {
            if (instance.Id == instanceId)
            {
                return instance;
            }
        }
        return null;
    }
}
