using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>How to start an Azure Functions host in front of a built isolated-worker app on a port.</summary>
public sealed record FunctionsHostCommand(string FileName, IReadOnlyList<string> Arguments, string? WorkingDirectory, string Description);

/// <summary>
/// Finds the Azure Functions host, in this order: <c>FUNCTIONS_HOST_DIR</c> (a folder holding <c>run-host.sh</c>, the host built
/// from its public source, or Core Tools' <c>func</c>), <c>func</c> on <c>PATH</c>, then <c>../shared/functions-host</c> beside
/// the repository. Tests that need it skip, saying so, only where none of these exists.
/// </summary>
public static class FunctionsHostLocator
{
    public const string Variable = "FUNCTIONS_HOST_DIR";

    private static readonly Lazy<(string Kind, string Path)?> Found = new(Locate);

    public static string? SkipReason => Found.Value is null
        ? $"No Azure Functions host found: set {Variable} to a folder with run-host.sh (or func), put Azure Functions Core Tools' func on PATH, or place the host in ../shared/functions-host beside the repository."
        : null;

    public static FunctionsHostCommand Command(string appDirectory, int port)
    {
        var (kind, path) = Found.Value ?? throw new InvalidOperationException(SkipReason);
        return kind == "run-host"
            ? new FunctionsHostCommand("bash", [path, appDirectory, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], null, path)
            : new FunctionsHostCommand(path, ["host", "start", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], appDirectory, path);
    }

    private static (string Kind, string Path)? Locate()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } configured)
        {
            return InFolder(configured) ?? throw new InvalidOperationException($"{Variable}='{configured}' holds neither run-host.sh nor func.");
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var func = Path.Combine(folder, OperatingSystem.IsWindows() ? "func.exe" : "func");
            if (File.Exists(func))
            {
                return ("func", func);
            }
        }
        return InFolder(Path.GetFullPath(Path.Combine(Repo.Root, "..", "shared", "functions-host")));
    }

    private static (string Kind, string Path)? InFolder(string folder)
    {
        var script = Path.Combine(folder, "run-host.sh");
        if (File.Exists(script))
        {
            return ("run-host", script);
        }
        var func = Path.Combine(folder, OperatingSystem.IsWindows() ? "func.exe" : "func");
        return File.Exists(func) ? ("func", func) : null;
    }
}

/// <summary>A fact that needs the Functions host: skipped, with <see cref="FunctionsHostLocator.SkipReason"/>, where there is none.</summary>
public sealed class FunctionsHostFactAttribute : FactAttribute
{
    public FunctionsHostFactAttribute() => Skip = FunctionsHostLocator.SkipReason;
}
