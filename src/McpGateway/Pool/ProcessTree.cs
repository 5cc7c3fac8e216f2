using System.Diagnostics;
using System.Globalization;

namespace McpGateway.Pool;

/// <summary>Linux process-tree helpers over /proc: descendants of a process (so <c>npx</c>'s node child is found) and resident memory.</summary>
internal static class ProcessTree
{
    private static bool HasProc => OperatingSystem.IsLinux() && Directory.Exists("/proc");

    /// <summary>Every descendant of <paramref name="pid"/> (children, grandchildren, ...), found by parent pid in /proc/*/stat.</summary>
    public static List<int> Descendants(int pid)
    {
        var result = new List<int>();
        if (!HasProc)
        {
            return result;
        }
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var child))
            {
                continue;
            }
            if (ParentOf(child) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }
                list.Add(child);
            }
        }
        var pending = new Stack<int>();
        pending.Push(pid);
        while (pending.Count > 0)
        {
            foreach (var child in children.GetValueOrDefault(pending.Pop()) ?? [])
            {
                result.Add(child);
                pending.Push(child);
            }
        }
        return result;
    }

    private static int? ParentOf(int pid) => StatField(pid, 1) is { } value ? (int)value : null;

    /// <summary>The process's start time in clock ticks since boot, so a reused pid is not mistaken for the process seen before.</summary>
    public static long? StartTime(int pid) => StatField(pid, 19);

    /// <summary>Field <paramref name="index"/> of /proc/&lt;pid&gt;/stat counted after the parenthesised command name (0 = state, 1 = ppid, 19 = starttime).</summary>
    private static long? StatField(int pid, int index)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            return long.Parse(fields[index], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Resident set size in bytes of the process and its descendants; null where /proc is not available.</summary>
    public static long? ResidentBytes(int pid)
    {
        if (!HasProc)
        {
            return null;
        }
        long? total = null;
        foreach (var p in Descendants(pid).Prepend(pid))
        {
            if (ReadRss(p) is { } rss)
            {
                total = (total ?? 0) + rss;
            }
        }
        return total;
    }

    private static long? ReadRss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }

    /// <summary>Descendants with their start times, to kill later only if they are still the same processes.</summary>
    public static List<(int Pid, long? Start)> Snapshot(int pid) => Descendants(pid).Select(p => (p, StartTime(p))).ToList();

    /// <summary>Kills the process and every process in <paramref name="descendants"/> that is still alive (SIGKILL).</summary>
    public static void KillAll(Process process, IEnumerable<(int Pid, long? Start)> descendants)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
        }
        foreach (var (pid, start) in descendants)
        {
            if (start is null || StartTime(pid) != start)
            {
                continue;
            }
            try
            {
                using var child = Process.GetProcessById(pid);
                child.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
            {
                // Already gone.
            }
        }
    }
}
