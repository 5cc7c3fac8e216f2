using System.Diagnostics;
using System.Reflection;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Deployment;

/// <summary>One run of the Bicep CLI: its arguments, exit code and output.</summary>
internal sealed record BicepRun(string Arguments, int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"bicep {Arguments}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>
/// The Bicep CLI restored by the test project (<c>PackageDownload</c> of Azure.Bicep.CommandLine; its path comes from the build as
/// assembly metadata <c>BicepPath</c>), run in the repository root. A missing CLI fails the test, never skips it.
/// </summary>
internal static class Bicep
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> Executable = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    public static async Task<BicepRun> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(Executable.Value)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repo.Root,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within {Timeout}");
        }
        return new BicepRun(string.Join(' ', arguments), process.ExitCode, await stdout, await stderr);
    }

    private static string Metadata(string key) =>
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing: see the Bicep PropertyGroup in McpGateway.Tests.csproj");

    private static string Find()
    {
        var path = Metadata("BicepPath");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI {Metadata("BicepVersion")} is missing at {path}: restore tests/McpGateway.Tests (PackageDownload Azure.Bicep.CommandLine.<runtime>).");
        }
        if (!OperatingSystem.IsWindows())
        {
            // NuGet may extract package files without the execute bit.
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }
        return path;
    }
}
