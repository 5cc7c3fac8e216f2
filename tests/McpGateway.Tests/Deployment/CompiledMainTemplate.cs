using System.Text.Json.Nodes;

namespace McpGateway.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiled once (to standard output: nothing is written next to the templates) for the tests that read the
/// ARM JSON. Modules are nested deployments; <see cref="Resources"/> walks into them.
/// </summary>
public sealed class CompiledMainTemplate : IAsyncLifetime
{
    public JsonObject Template { get; private set; } = new();

    /// <summary>The raw JSON, for checks that a value appears nowhere.</summary>
    public string Text { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var run = await Bicep.RunAsync("build", "infra/main.bicep", "--stdout");
        Assert.True(run.ExitCode == 0, run.ToString());
        Text = run.Stdout;
        Template = JsonNode.Parse(run.Stdout)!.AsObject();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Every resource of the template and of its modules, with the name of the module that declares it ("" for main.bicep).</summary>
    public IEnumerable<(string Module, JsonObject Resource)> Resources() => Walk("", Template);

    public IEnumerable<JsonObject> Resources(string type) =>
        Resources().Where(r => (string?)r.Resource["type"] == type).Select(r => r.Resource);

    public JsonObject Single(string type)
    {
        var found = Resources(type).ToList();
        Assert.True(found.Count == 1, $"expected one {type}, found {found.Count}");
        return found[0];
    }

    /// <summary>The template of a module (a nested deployment) by its deployment name.</summary>
    public JsonObject Module(string name) =>
        Resources("Microsoft.Resources/deployments").SingleOrDefault(d => (string?)d["name"] == name)?["properties"]?["template"]?.AsObject()
        ?? throw new InvalidOperationException($"main.bicep has no module deployment named '{name}'");

    private static IEnumerable<(string, JsonObject)> Walk(string module, JsonObject template)
    {
        var resources = template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(), // language version 2.0: resources by symbolic name
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return (module, resource);
            if ((string?)resource["type"] == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Walk((string?)resource["name"] ?? "?", nested))
                {
                    yield return inner;
                }
            }
        }
    }
}
