using System.Text;
using System.Text.Json;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Deployment;

/// <summary>
/// The Bicep templates in infra/ compile and lint clean with the real Bicep CLI, restored from NuGet by the test project
/// (<c>PackageDownload</c> of Azure.Bicep.CommandLine, see McpGateway.Tests.csproj). Every .bicep file is checked, not only
/// main.bicep, so a module main.bicep does not (yet) use is covered too. A missing CLI fails the test, never skips it.
/// </summary>
public sealed class BicepTemplateTests : IDisposable
{
    private readonly string _outDir = Path.Combine(Path.GetTempPath(), "mcpgw-bicep-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_outDir))
        {
            Directory.Delete(_outDir, recursive: true);
        }
    }

    private static string InfraDir => Path.Combine(Repo.Root, "infra");

    private static string[] Templates() =>
        Directory.EnumerateFiles(InfraDir, "*.bicep", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(InfraDir, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    [Fact]
    public async Task Every_template_builds_to_an_ARM_template_without_diagnostics()
    {
        var before = InfraFiles();
        Directory.CreateDirectory(_outDir);

        // Into a temporary folder: compiled JSON never lands next to the templates (it is generated, not committed).
        var run = await Bicep.RunAsync("build", "--pattern", "infra/**/*.bicep", "--outdir", _outDir, "--diagnostics-format", "sarif");

        var diagnostics = Sarif.Results(run.Stderr, run);
        Assert.True(run.ExitCode == 0 && diagnostics.Count == 0, Failure(run, diagnostics));
        Assert.Equal(before, InfraFiles());

        Assert.Contains("main.bicep", Templates());
        foreach (var template in Templates())
        {
            var json = Path.Combine(_outDir, Path.ChangeExtension(template, ".json"));
            Assert.True(File.Exists(json), $"no ARM template for infra/{template} in {_outDir}:\n{run}");
            using var document = JsonDocument.Parse(File.ReadAllText(json));
            Assert.StartsWith("https://schema.management.azure.com/schemas/", document.RootElement.GetProperty("$schema").GetString());
            Assert.True(document.RootElement.TryGetProperty("resources", out _), $"infra/{template} compiled without resources");
        }
    }

    [Fact]
    public async Task Every_template_lints_without_diagnostics()
    {
        var run = await Bicep.RunAsync("lint", "--pattern", "infra/**/*.bicep", "--diagnostics-format", "sarif");

        var diagnostics = Sarif.Results(run.Stdout, run);
        Assert.True(run.ExitCode == 0 && diagnostics.Count == 0, Failure(run, diagnostics));
        // One SARIF log per file: every template was linted.
        Assert.Equal(Templates().Length, Sarif.LogCount(run.Stdout, run));
    }

    private static string Failure(BicepRun run, List<string> diagnostics) =>
        $"bicep {run.Arguments}: exit code {run.ExitCode}, {diagnostics.Count} diagnostic(s)\n{string.Join('\n', diagnostics)}"
        + (run.ExitCode == 0 ? "" : "\n" + run);

    private static string[] InfraFiles() =>
        Directory.EnumerateFiles(InfraDir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Bicep's SARIF output: with <c>--pattern</c>, one SARIF log per template, written one after another.</summary>
    private static class Sarif
    {
        public static int LogCount(string text, BicepRun run) => Logs(text, run).Count;

        public static List<string> Results(string text, BicepRun run)
        {
            var results = new List<string>();
            foreach (var log in Logs(text, run))
            {
                foreach (var sarifRun in log.GetProperty("runs").EnumerateArray())
                {
                    foreach (var result in sarifRun.GetProperty("results").EnumerateArray())
                    {
                        results.Add(Describe(result));
                    }
                }
            }
            // main.bicep's log repeats its modules' diagnostics.
            return results.Distinct(StringComparer.Ordinal).ToList();
        }

        private static string Describe(JsonElement result)
        {
            var rule = result.TryGetProperty("ruleId", out var id) ? id.GetString() : "?";
            var level = result.TryGetProperty("level", out var l) ? l.GetString() : "warning";
            var message = result.GetProperty("message").GetProperty("text").GetString();
            var where = "";
            if (result.TryGetProperty("locations", out var locations) && locations.GetArrayLength() > 0)
            {
                var physical = locations[0].GetProperty("physicalLocation");
                var uri = physical.GetProperty("artifactLocation").GetProperty("uri").GetString() ?? "";
                var file = Uri.TryCreate(uri, UriKind.Absolute, out var u) && u.IsFile ? System.IO.Path.GetRelativePath(Repo.Root, u.LocalPath) : uri;
                var region = physical.TryGetProperty("region", out var r) ? r : default;
                var line = region.ValueKind == JsonValueKind.Object && region.TryGetProperty("startLine", out var sl) ? sl.GetInt32() : 0;
                var column = region.ValueKind == JsonValueKind.Object && region.TryGetProperty("charOffset", out var co) ? co.GetInt32() : 0;
                where = $"{file}({line},{column}) ";
            }
            return $"{where}{level} {rule}: {message}";
        }

        private static List<JsonElement> Logs(string text, BicepRun run)
        {
            var logs = new List<JsonElement>();
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { AllowMultipleValues = true });
            try
            {
                while (reader.Read())
                {
                    using var document = JsonDocument.ParseValue(ref reader);
                    logs.Add(document.RootElement.Clone());
                }
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"bicep did not write SARIF ({e.Message}):\n{run}", e);
            }
            if (logs.Count == 0)
            {
                throw new InvalidOperationException($"bicep wrote no SARIF log:\n{run}");
            }
            return logs;
        }
    }
}
