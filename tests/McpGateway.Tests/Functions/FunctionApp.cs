using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Functions;

/// <summary>
/// The Functions app folder as the host sees it: host.json, one folder per function with its function.json, and the
/// executable under bin/. Tests assemble it from the repository's files and the gateway's build output (the same layout
/// scripts/package-functions.sh produces from a publish).
/// </summary>
public sealed class FunctionApp
{
    private FunctionApp(string root, JsonObject host, IReadOnlyDictionary<string, JsonObject> functions)
    {
        Root = root;
        Host = host;
        Functions = functions;
    }

    public string Root { get; }
    public JsonObject Host { get; }
    public IReadOnlyDictionary<string, JsonObject> Functions { get; }

    public string ExecutablePath => Path.GetFullPath(Path.Combine(Root, Host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>()));

    public JsonObject? QueueOptions => Host["extensions"]?["queues"] as JsonObject;

    public static FunctionApp Load(string root)
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "host.json")))!.AsObject();
        var functions = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var file = Path.Combine(dir, "function.json");
            if (File.Exists(file))
            {
                functions[Path.GetFileName(dir)] = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            }
        }
        return new FunctionApp(root, host, functions);
    }

    /// <summary>Lays out the app from the repository (host.json, functions/) and the gateway's build output as bin/.</summary>
    public static FunctionApp AssembleFromBuild()
    {
        var root = Path.Combine(Path.GetTempPath(), "mcpgw-funcapp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(Repo.Root, "host.json"), Path.Combine(root, "host.json"));
        // Only the custom handler's function folders: functions/McpGateway.Functions (the isolated-worker app) has no function.json.
        foreach (var dir in Directory.EnumerateDirectories(Path.Combine(Repo.Root, "functions")).Where(d => File.Exists(Path.Combine(d, "function.json"))))
        {
            var target = Path.Combine(root, Path.GetFileName(dir));
            Directory.CreateDirectory(target);
            File.Copy(Path.Combine(dir, "function.json"), Path.Combine(target, "function.json"));
        }
        var build = Path.Combine(Repo.Root, "src", "McpGateway", "bin", Repo.Configuration, "net10.0");
        CopyDirectory(build, Path.Combine(root, "bin"));
        return Load(root);
    }

    public IEnumerable<(string Function, JsonObject Binding)> Bindings()
    {
        foreach (var (name, function) in Functions)
        {
            foreach (var binding in function["bindings"]!.AsArray())
            {
                yield return (name, binding!.AsObject());
            }
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var destination = Path.Combine(target, Path.GetFileName(file));
            File.Copy(file, destination);
            if (!OperatingSystem.IsWindows() && Path.GetFileName(file) == "McpGateway")
            {
                File.SetUnixFileMode(destination, File.GetUnixFileMode(file));
            }
        }
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }
}
