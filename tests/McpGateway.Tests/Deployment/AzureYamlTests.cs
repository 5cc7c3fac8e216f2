using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Deployment;

/// <summary>azure.yaml deploys the gateway as the isolated-worker .NET project and the worker as a container, as docs/deployment.md says.</summary>
public sealed class AzureYamlTests
{
    [Fact]
    public void The_gateway_service_is_the_dotnet_function_project()
    {
        var gateway = Service("gateway");
        Assert.Equal("dotnet", gateway.GetValueOrDefault("language"));
        Assert.Equal("function", gateway.GetValueOrDefault("host"));
        // azd publishes the project itself: no pre-built folder, no packaging hook.
        Assert.False(gateway.ContainsKey("dist"), "the gateway service has a dist folder");
        Assert.False(gateway.ContainsKey("hooks"), "the gateway service has hooks");

        var project = Path.GetFullPath(Path.Combine(Repo.Root, gateway["project"]));
        var csproj = Assert.Single(Directory.GetFiles(project, "*.csproj"));
        var text = File.ReadAllText(csproj);
        Assert.Contains("<AzureFunctionsVersion>v4</AzureFunctionsVersion>", text);
        Assert.Contains("Microsoft.Azure.Functions.Worker.Sdk", text);
        Assert.Contains("Microsoft.Azure.Functions.Worker.Extensions.DurableTask", text);
        Assert.Matches("<None Update=\"host.json\"[^>]*CopyToPublishDirectory=\"PreserveNewest\"", text);
        Assert.True(File.Exists(Path.Combine(project, "host.json")), $"no host.json in {project}");
    }

    [Fact]
    public void The_worker_service_is_the_container_image_and_updates_the_job_after_deploy()
    {
        var worker = Service("worker");
        Assert.Equal("docker", worker.GetValueOrDefault("language"));
        Assert.Equal("containerapp", worker.GetValueOrDefault("host"));
        Assert.Contains("az containerapp job update", File.ReadAllText(Path.Combine(Repo.Root, "azure.yaml")));
    }

    /// <summary>
    /// The scalar keys of one service (<c>services.&lt;name&gt;</c>, two-space indentation), plus the names of nested blocks with an
    /// empty value. Enough YAML for this file, which has no anchors, flow collections or multi-document streams.
    /// </summary>
    private static Dictionary<string, string> Service(string name)
    {
        var lines = File.ReadAllLines(Path.Combine(Repo.Root, "azure.yaml"));
        var start = Array.FindIndex(lines, l => l == "services:");
        Assert.True(start >= 0, "azure.yaml has no services");
        var header = Array.FindIndex(lines, start, l => l == $"  {name}:");
        Assert.True(header >= 0, $"azure.yaml has no service '{name}'");
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(header + 1))
        {
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }
            var indent = line.Length - line.TrimStart().Length;
            if (indent <= 2)
            {
                break;
            }
            if (indent == 4 && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                keys[line[4..colon]] = line[(colon + 1)..].Trim();
            }
        }
        return keys;
    }
}
