using System.Diagnostics;

namespace McpGateway.Tests.Infrastructure;

/// <summary>Finds and kills processes whose command line holds a unique marker (e.g. the <c>--id</c> a test gave its MCP servers).</summary>
public static class MarkedProcesses
{
    public static IReadOnlyList<int> Find(string marker)
    {
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours
            }
        }
        return found;
    }

    /// <summary>Kills every process carrying <paramref name="marker"/>, by id; returns how many there were.</summary>
    public static int Kill(string marker)
    {
        var pids = Find(marker);
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
                process.WaitForExit(5_000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // exited meanwhile
            }
        }
        return pids.Count;
    }
}
