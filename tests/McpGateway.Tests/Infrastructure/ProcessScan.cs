namespace McpGateway.Tests.Infrastructure;

/// <summary>Finds processes by a unique marker in their command line (scanning /proc), to prove none are left behind.</summary>
public static class ProcessScan
{
    public static List<int> With(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    /// <summary>Waits until no process carries <paramref name="marker"/>; returns those still alive at the deadline.</summary>
    public static async Task<List<int>> WaitForNoneAsync(string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var left = With(marker);
        while (left.Count > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            left = With(marker);
        }
        return left;
    }

    /// <summary>The tiny stdio MCP server (Python, stdlib only, starts in tens of milliseconds) with a marker argument.</summary>
    public static string TinyServer => Path.Combine(Repo.Root, "tests", "servers", "tiny-stdio", "tiny_mcp_server.py");
}
