using McpGateway.LoadBalancing;
using McpGateway.Registry;

namespace McpGateway.Tests.LoadBalancing;

public class LoadBalancingPolicyTests
{
    private static readonly LoadBalancingPolicies Policies = LoadBalancingPolicies.CreateDefault(new Random(42));

    private static InstanceState Instance(string id, int weight = 1, double score = 100)
        => new(new InstanceDefinition { Id = id, Template = "t", Endpoint = "http://127.0.0.1:1/mcp", Weight = weight },
            new InstanceHealth { Status = HealthStatus.Healthy, HealthScore = score });

    private static Dictionary<string, int> Distribution(string strategy, IReadOnlyList<InstanceState> instances, int picks)
    {
        var template = new TemplateState("t", new LoadBalancerSettings(), instances);
        var policy = Policies.Get(strategy);
        var counts = instances.ToDictionary(i => i.Id, _ => 0);
        for (var i = 0; i < picks; i++)
        {
            counts[policy.Pick(template, instances)!.Id]++;
        }
        return counts;
    }

    [Fact]
    public void Round_robin_rotates_evenly_in_order()
    {
        var instances = new[] { Instance("a"), Instance("b"), Instance("c") };
        var template = new TemplateState("t", new LoadBalancerSettings(), instances);
        var policy = Policies.Get(LoadBalancingStrategies.RoundRobin);
        var order = Enumerable.Range(0, 6).Select(_ => policy.Pick(template, instances)!.Id);
        Assert.Equal(["a", "b", "c", "a", "b", "c"], order);
    }

    [Fact]
    public void Weighted_gives_each_instance_exactly_its_weight_per_cycle()
    {
        var counts = Distribution(LoadBalancingStrategies.Weighted, [Instance("a", 3), Instance("b", 1), Instance("c", 2)], 600);
        Assert.Equal(300, counts["a"]);
        Assert.Equal(100, counts["b"]);
        Assert.Equal(200, counts["c"]);
    }

    [Fact]
    public void Least_connections_prefers_the_idlest_instance()
    {
        var busy = Instance("busy");
        var idle = Instance("idle");
        var medium = Instance("medium");
        for (var i = 0; i < 5; i++) busy.RequestStarted();
        for (var i = 0; i < 2; i++) medium.RequestStarted();
        var counts = Distribution(LoadBalancingStrategies.LeastConnections, [busy, idle, medium], 50);
        Assert.Equal(50, counts["idle"]);
    }

    [Fact]
    public void Least_connections_spreads_ties()
    {
        var counts = Distribution(LoadBalancingStrategies.LeastConnections, [Instance("a"), Instance("b")], 100);
        Assert.Equal(50, counts["a"]);
        Assert.Equal(50, counts["b"]);
    }

    [Fact]
    public void Health_based_prefers_the_best_score_and_shares_among_near_equals()
    {
        var counts = Distribution(LoadBalancingStrategies.HealthBased, [Instance("best", score: 99), Instance("near", score: 96), Instance("poor", score: 60)], 100);
        Assert.Equal(0, counts["poor"]);
        Assert.Equal(50, counts["best"]);
        Assert.Equal(50, counts["near"]);
    }

    [Fact]
    public void Random_covers_every_instance_roughly_evenly()
    {
        var counts = Distribution(LoadBalancingStrategies.Random, [Instance("a"), Instance("b"), Instance("c"), Instance("d")], 8000);
        foreach (var count in counts.Values)
        {
            // Expected 2000 each; a seeded generator keeps this repeatable, the bound allows any fair generator.
            Assert.InRange(count, 1700, 2300);
        }
    }

    [Fact]
    public void Every_documented_name_resolves_and_unknown_names_do_not()
    {
        foreach (var name in LoadBalancingPolicies.BuiltInNames)
        {
            Assert.Equal(name, Policies.Get(name).Name);
        }
        Assert.False(Policies.Contains("fastest"));
        Assert.Throws<KeyNotFoundException>(() => Policies.Get("fastest"));
    }
}
