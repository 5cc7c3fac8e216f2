using McpGateway.Registry;

namespace McpGateway.Tests.Registry;

/// <summary>The behaviour every <see cref="IRegistryStore"/> implementation must have. One derived class per store.</summary>
public abstract class RegistryStoreContractTests : IAsyncLifetime
{
    protected IRegistryStore Store { get; private set; } = null!;

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IRegistryStore> CreateStoreAsync();

    /// <summary>A second handle on the same data (another process sharing the store).</summary>
    protected abstract Task<IRegistryStore> OpenSameStoreAsync();

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        await Store.InitializeAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static InstanceDefinition Http(string template, string id, int weight = 1) => new()
    {
        Template = template,
        Id = id,
        Endpoint = $"http://127.0.0.1:9/{id}",
        Weight = weight,
        Metadata = new System.Text.Json.Nodes.JsonObject { ["zone"] = "a" },
    };

    [Fact]
    public async Task Empty_store_loads_nothing()
    {
        Assert.Empty(await Store.LoadAsync());
    }

    [Fact]
    public async Task Added_instances_load_back_with_every_field_in_registration_order()
    {
        var stdio = new InstanceDefinition
        {
            Template = "fs",
            Id = "fs-2",
            Transport = InstanceTransports.Stdio,
            Command = "node",
            Args = ["server.js", "--root", "/tmp/a b"],
            Env = new Dictionary<string, string> { ["TOKEN"] = "s3cret" },
            WorkingDir = "/tmp",
            ProtocolVersion = "2025-11-25",
        };
        await Store.AddInstanceAsync(Http("fs", "fs-1", 3));
        await Store.AddInstanceAsync(stdio);

        var template = Assert.Single(await Store.LoadAsync());
        Assert.Equal("fs", template.Name);
        Assert.Equal(["fs-1", "fs-2"], template.Instances.Select(i => i.Definition.Id));
        var first = template.Instances[0].Definition;
        Assert.Equal(3, first.Weight);
        Assert.Equal("http://127.0.0.1:9/fs-1", first.Endpoint);
        Assert.Equal("a", first.Metadata!["zone"]!.GetValue<string>());
        var second = template.Instances[1].Definition;
        Assert.Equal(InstanceTransports.Stdio, second.Transport);
        Assert.Equal(["server.js", "--root", "/tmp/a b"], second.Args);
        Assert.Equal("s3cret", second.Env!["TOKEN"]);
        Assert.Equal("/tmp", second.WorkingDir);
        Assert.Equal("2025-11-25", second.ProtocolVersion);
        Assert.Equal(HealthStatus.Unknown, template.Instances[1].Health.Status);
    }

    [Fact]
    public async Task Adding_a_taken_id_conflicts_and_changes_nothing()
    {
        await Store.AddInstanceAsync(Http("fs", "fs-1", 2));
        var version = await Store.GetVersionAsync();
        await Assert.ThrowsAsync<RegistryConflictException>(() => Store.AddInstanceAsync(Http("fs", "fs-1", 7)));
        var instance = Assert.Single(Assert.Single(await Store.LoadAsync()).Instances);
        Assert.Equal(2, instance.Definition.Weight);
        Assert.Equal(version, await Store.GetVersionAsync());
    }

    [Fact]
    public async Task The_same_id_in_two_templates_is_two_instances()
    {
        await Store.AddInstanceAsync(Http("a", "one"));
        await Store.AddInstanceAsync(Http("b", "one"));
        Assert.Equal(2, (await Store.LoadAsync()).Sum(t => t.Instances.Count));
    }

    [Fact]
    public async Task Template_settings_are_upserted()
    {
        await Store.AddInstanceAsync(Http("fs", "fs-1"));
        await Store.UpsertTemplateAsync("fs", new LoadBalancerSettings { Strategy = "weighted", MaxRetries = 1 });
        await Store.UpsertTemplateAsync("fs", new LoadBalancerSettings { Strategy = "random", Timeout = 9, HealthCheckInterval = 15 });
        var template = Assert.Single(await Store.LoadAsync());
        Assert.Equal("random", template.LoadBalancer.Strategy);
        Assert.Equal(9, template.LoadBalancer.Timeout);
        Assert.Equal(15, template.LoadBalancer.HealthCheckInterval);
        Assert.Null(template.LoadBalancer.MaxRetries);
        Assert.Single(template.Instances);
    }

    [Fact]
    public async Task Removing_returns_whether_it_existed()
    {
        await Store.AddInstanceAsync(Http("fs", "fs-1"));
        await Store.AddInstanceAsync(Http("fs", "fs-2"));
        Assert.True(await Store.RemoveInstanceAsync("fs", "fs-1"));
        Assert.False(await Store.RemoveInstanceAsync("fs", "fs-1"));
        Assert.False(await Store.RemoveInstanceAsync("other", "fs-2"));
        Assert.Equal(["fs-2"], Assert.Single(await Store.LoadAsync()).Instances.Select(i => i.Definition.Id));
    }

    [Fact]
    public async Task Health_round_trips_and_never_resurrects_a_removed_instance()
    {
        await Store.AddInstanceAsync(Http("fs", "fs-1"));
        var health = new InstanceHealth
        {
            Status = HealthStatus.Unhealthy,
            ConsecutiveFailures = 4,
            LastCheck = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero),
            LastError = "connection refused",
            LatencyMs = 12.5,
            HealthScore = 41.2,
        };
        await Store.UpdateHealthAsync("fs", "fs-1", health);
        Assert.Equal(health, Assert.Single(Assert.Single(await Store.LoadAsync()).Instances).Health);

        await Store.RemoveInstanceAsync("fs", "fs-1");
        await Store.UpdateHealthAsync("fs", "fs-1", health);
        Assert.Empty(Assert.Single(await Store.LoadAsync()).Instances);
    }

    [Fact]
    public async Task Version_changes_on_registry_changes_but_not_on_health()
    {
        var v0 = await Store.GetVersionAsync();
        await Store.AddInstanceAsync(Http("fs", "fs-1"));
        var v1 = await Store.GetVersionAsync();
        await Store.UpdateHealthAsync("fs", "fs-1", new InstanceHealth { Status = HealthStatus.Healthy });
        var v2 = await Store.GetVersionAsync();
        await Store.UpsertTemplateAsync("fs", new LoadBalancerSettings { Strategy = "random" });
        var v3 = await Store.GetVersionAsync();
        await Store.RemoveInstanceAsync("fs", "fs-1");
        var v4 = await Store.GetVersionAsync();
        Assert.NotEqual(v0, v1);
        Assert.Equal(v1, v2);
        Assert.NotEqual(v2, v3);
        Assert.NotEqual(v3, v4);
    }

    [Fact]
    public async Task Put_adds_a_new_instance_and_replaces_an_existing_definition_keeping_its_health_and_place()
    {
        await Store.PutInstanceAsync(Http("fs", "fs-1", weight: 1));
        await Store.AddInstanceAsync(Http("fs", "fs-2"));
        var added = Assert.Single(await Store.LoadAsync()).Instances;
        Assert.Equal(["fs-1", "fs-2"], added.Select(i => i.Definition.Id));
        Assert.Equal(HealthStatus.Unknown, added[0].Health.Status);

        var unhealthy = new InstanceHealth { Status = HealthStatus.Unhealthy, ConsecutiveFailures = 3, LastError = "down" };
        await Store.UpdateHealthAsync("fs", "fs-1", unhealthy);
        var before = await Store.GetVersionAsync();
        await Store.PutInstanceAsync(Http("fs", "fs-1", weight: 7));

        Assert.NotEqual(before, await Store.GetVersionAsync()); // other processes reload the new definition
        var replaced = Assert.Single(await Store.LoadAsync()).Instances;
        Assert.Equal(["fs-1", "fs-2"], replaced.Select(i => i.Definition.Id));
        Assert.Equal(7, replaced[0].Definition.Weight);
        Assert.Equal(HealthStatus.Unhealthy, replaced[0].Health.Status);
        Assert.Equal("down", replaced[0].Health.LastError);

        // Another handle (another process) sees the same.
        var other = await OpenSameStoreAsync();
        Assert.Equal(7, Assert.Single(await other.LoadAsync()).Instances[0].Definition.Weight);
    }

    [Fact]
    public async Task Hostile_names_are_stored_as_data_not_as_query()
    {
        // Stores are reached only through validated names, but a store must never let a value widen a query.
        const string hostile = "x' or 1=1 --";
        await Store.AddInstanceAsync(Http("safe", "one"));
        Assert.False(await Store.RemoveInstanceAsync(hostile, hostile));
        await Store.UpdateHealthAsync(hostile, hostile, new InstanceHealth { Status = HealthStatus.Unhealthy });
        var instance = Assert.Single(Assert.Single(await Store.LoadAsync()).Instances);
        Assert.Equal(HealthStatus.Unknown, instance.Health.Status);
    }

    [Fact]
    public async Task Names_that_cannot_be_storage_keys_are_simply_not_found()
    {
        // '/', '\', '#', '?' and control characters cannot be table keys; no such instance can exist, so nothing is found.
        await Store.AddInstanceAsync(Http("safe", "one"));
        Assert.False(await Store.RemoveInstanceAsync("a/b", "one"));
        Assert.False(await Store.RemoveInstanceAsync("safe", "one#two"));
        await Store.UpdateHealthAsync("safe", "x?y", new InstanceHealth { Status = HealthStatus.Unhealthy });
        await Store.UpdateHealthAsync("a\\b", "one\n", new InstanceHealth { Status = HealthStatus.Unhealthy });
        var instance = Assert.Single(Assert.Single(await Store.LoadAsync()).Instances);
        Assert.Equal(HealthStatus.Unknown, instance.Health.Status);
    }

    [Fact]
    public async Task A_second_handle_sees_changes_and_concurrent_adds_are_all_kept()
    {
        var other = await OpenSameStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Store : other).AddInstanceAsync(Http("fs", $"fs-{i}"))));
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? other : Store).UpdateHealthAsync("fs", $"fs-{i}", new InstanceHealth { Status = HealthStatus.Healthy })));
        var seen = Assert.Single(await other.LoadAsync());
        Assert.Equal(20, seen.Instances.Count);
        Assert.All(seen.Instances, i => Assert.Equal(HealthStatus.Healthy, i.Health.Status));
        Assert.Equal(await Store.GetVersionAsync(), await other.GetVersionAsync());
    }
}
