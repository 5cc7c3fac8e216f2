using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using McpGateway.Functions.Jobs;
using McpGateway.Hosting;
using McpGateway.Jobs;
using McpGateway.Mcp;
using McpGateway.Pool;
using McpGateway.Security;
using McpGateway.Streaming;
using McpGateway.Tests.Infrastructure;
using McpGateway.Worker;

namespace McpGateway.Tests.Deployment;

/// <summary>
/// local.settings.sample.json, which users copy to functions/McpGateway.Functions/local.settings.json (docs/deployment.md): the
/// isolated worker on Azurite with the task hub and the stdio reply queue named, the Durable job options at their defaults, and
/// every McpGateway__ key naming a real option of the gateway or of the app's <c>McpGateway:Durable</c> section (a typo would be
/// ignored by the configuration binder without a word).
/// </summary>
public sealed class LocalSettingsSampleTests
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = typeof(GatewayOptions),
        ["Auth"] = typeof(AuthOptions),
        ["Cors"] = typeof(CorsSettings),
        ["Durable"] = typeof(DurableJobOptions), // the Functions app's own section (functions/McpGateway.Functions/Jobs)
        ["Jobs"] = typeof(JobOptions),
        ["Mcp"] = typeof(McpFrontDoorOptions),
        ["Pool"] = typeof(PoolOptions),
        ["Registration"] = typeof(RegistrationPolicyOptions),
        ["Streaming"] = typeof(StreamingOptions),
        ["Worker"] = typeof(WorkerOptions),
    };

    private static JsonObject Values() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")))!["Values"]!.AsObject();

    [Fact]
    public void It_runs_the_isolated_worker_on_Azurite_with_a_task_hub_and_the_health_sweep_schedule()
    {
        var values = Values();
        Assert.Equal("dotnet-isolated", (string?)values["FUNCTIONS_WORKER_RUNTIME"]);
        Assert.Equal("UseDevelopmentStorage=true", (string?)values["AzureWebJobsStorage"]);
        // Durable task hub names: letters and digits, starting with a letter, 3 to 45 characters.
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", (string?)values["DurableTaskHubName"]);
        Assert.Equal(6, ((string?)values["HealthSweepSchedule"])?.Split(' ').Length);
    }

    [Fact]
    public void It_names_the_stdio_reply_queue_the_StdioJobDone_trigger_reads()
    {
        // Required: the trigger's %StdioReplyQueueName% must resolve for the host to start the function.
        Assert.Matches("^[a-z0-9](?:[a-z0-9]|-(?!-)){1,54}[a-z0-9]$", (string?)Values()[HostingModes.StdioReplyQueueSetting]);
    }

    [Fact]
    public void It_lists_every_Durable_job_option_at_its_default()
    {
        var values = Values();
        var defaults = new DurableJobOptions();
        foreach (var property in typeof(DurableJobOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = $"McpGateway__Durable__{property.Name}";
            Assert.True(values.ContainsKey(key), $"{key} is missing");
            Assert.Equal(Convert.ToString(property.GetValue(defaults), CultureInfo.InvariantCulture), (string?)values[key]);
        }
    }

    [Fact]
    public void It_sets_no_option_of_the_queue_runner_the_app_does_not_run()
    {
        // Jobs in the app are Durable orchestrations (McpGateway:Jobs:EnableBackgroundRunner is off there).
        var values = Values();
        foreach (var key in new[] { "QueueName", "MaxConcurrentJobs", "MaxDequeueCount", "PollIntervalMilliseconds", "EnableBackgroundRunner" })
        {
            Assert.False(values.ContainsKey("McpGateway__Jobs__" + key), $"McpGateway__Jobs__{key} does nothing in the Functions app");
        }
    }

    [Fact]
    public void Every_gateway_key_names_an_option_and_values_are_strings()
    {
        var values = Values();
        Assert.All(values, pair => Assert.Equal(System.Text.Json.JsonValueKind.String, pair.Value!.GetValueKind()));
        var keys = values.Select(p => p.Key).Where(k => k.StartsWith("McpGateway__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.True(Resolves(key), $"{key} names no option of the gateway"));
    }

    [Fact]
    public void It_holds_no_secret_beyond_placeholders()
    {
        var values = Values();
        Assert.Equal("", (string?)values["McpGateway__Auth__ApiKey"]);
        Assert.Equal("", (string?)values["AzureSignalRConnectionString"]);
        Assert.StartsWith("replace-with-", (string?)values["McpGateway__Auth__JwtSecret"]);
        Assert.StartsWith("replace-with-", (string?)values["McpGateway__Auth__BootstrapAdmin__Password"]);
    }

    /// <summary>McpGateway__[Section__]Property[__Nested...][__index], matched case-insensitively, as the binder does.</summary>
    private static bool Resolves(string key)
    {
        var parts = key.Split("__")[1..];
        Type? type;
        int next;
        if (parts.Length > 1 && Sections.TryGetValue(parts[0], out var section) && parts[0].Length > 0)
        {
            (type, next) = (section, 1);
        }
        else
        {
            (type, next) = (typeof(GatewayOptions), 0);
        }
        for (; next < parts.Length; next++)
        {
            if (type!.IsArray && int.TryParse(parts[next], out _))
            {
                type = type.GetElementType();
                continue;
            }
            var property = type.GetProperty(parts[next], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || !property.CanWrite)
            {
                return false;
            }
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return true;
    }
}
