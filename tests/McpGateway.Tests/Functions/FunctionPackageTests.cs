using System.Text.Json.Nodes;
using McpGateway.Functions;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Functions;

/// <summary>The Functions app definition is consistent with the handler: what the host would load, the handler serves.</summary>
public sealed class FunctionPackageTests : IDisposable
{
    private readonly FunctionApp _app = FunctionApp.AssembleFromBuild();

    public void Dispose() => Directory.Delete(_app.Root, recursive: true);

    [Fact]
    public void Host_json_is_a_custom_handler_that_proxies_http_without_a_route_prefix()
    {
        var customHandler = _app.Host["customHandler"]!;
        Assert.True(customHandler["enableProxyingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("", _app.Host["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("2.0", _app.Host["version"]!.GetValue<string>());
        Assert.StartsWith("Microsoft.Azure.Functions.ExtensionBundle", _app.Host["extensionBundle"]!["id"]!.GetValue<string>());
        // host.json routes and function.json files cannot coexist.
        Assert.Null(customHandler["http"]?["routes"]);
    }

    [Fact]
    public void Host_json_points_at_an_executable_that_exists_in_the_package()
    {
        Assert.True(File.Exists(_app.ExecutablePath), $"{_app.ExecutablePath} is missing");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True((File.GetUnixFileMode(_app.ExecutablePath) & UnixFileMode.UserExecute) != 0, "the handler must be executable");
        }
    }

    [Fact]
    public void Every_function_json_parses_and_names_bindings_the_handler_serves()
    {
        Assert.Equal([FunctionNames.HealthSweep, FunctionNames.Http, FunctionNames.RunJob], _app.Functions.Keys.Order(StringComparer.Ordinal));
        foreach (var (function, binding) in _app.Bindings())
        {
            var type = binding["type"]!.GetValue<string>();
            var name = binding["name"]!.GetValue<string>();
            switch (type)
            {
                case "httpTrigger":
                    Assert.Equal(FunctionNames.Http, function);
                    Assert.Equal("anonymous", binding["authLevel"]!.GetValue<string>());
                    Assert.Equal("{*route}", binding["route"]!.GetValue<string>());
                    break;
                case "http":
                    Assert.Equal("out", binding["direction"]!.GetValue<string>());
                    break;
                case "timerTrigger":
                    Assert.Equal(FunctionNames.HealthSweep, function);
                    Assert.Equal(FunctionNames.TimerBinding, name);
                    Assert.Equal("%HealthSweepSchedule%", binding["schedule"]!.GetValue<string>());
                    break;
                case "queueTrigger":
                    Assert.Equal(FunctionNames.RunJob, function);
                    Assert.Equal(FunctionNames.JobMessageBinding, name);
                    Assert.Equal("AzureWebJobsStorage", binding["connection"]!.GetValue<string>());
                    Assert.Equal("mcpgateway-jobs", binding["queueName"]!.GetValue<string>());
                    break;
                default:
                    Assert.Fail($"{function} has a binding of type {type} the handler does not serve.");
                    break;
            }
        }
    }

    [Fact]
    public void Only_the_catch_all_is_http_so_no_function_conflicts_with_it()
    {
        var http = _app.Bindings().Where(b => b.Binding["type"]!.GetValue<string>() == "httpTrigger").ToList();
        var only = Assert.Single(http);
        var bindings = _app.Functions[only.Function]["bindings"]!.AsArray();
        // Exactly one httpTrigger in and one http out: the only shape the host proxies.
        Assert.Equal(2, bindings.Count);
        var methods = only.Binding["methods"]!.AsArray().Select(m => m!.GetValue<string>()).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "post", "delete" }, methods);
    }

    [Fact]
    public void The_local_settings_sample_names_what_the_app_needs()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(Repo.Root, "local.settings.sample.json")))!["Values"]!;
        Assert.Equal("custom", sample["FUNCTIONS_WORKER_RUNTIME"]!.GetValue<string>());
        Assert.Equal("UseDevelopmentStorage=true", sample["AzureWebJobsStorage"]!.GetValue<string>());
        Assert.NotNull(sample["AzureSignalRConnectionString"]);
        Assert.NotNull(sample["HealthSweepSchedule"]);
    }
}
