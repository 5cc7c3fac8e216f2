using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using McpGateway.Registry;

namespace McpGateway.Pool;

/// <summary>
/// One started stdio server process. On Linux it leads its own process group (started through <c>setsid</c>), so stopping it
/// reaps the whole tree (<c>npx</c> and the node it spawns) even when the parent already died. Stopping closes stdin, waits
/// briefly, then kills the group and every descendant still alive.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const string SetSid = "/usr/bin/setsid";
    private static readonly TimeSpan GracePeriod = TimeSpan.FromMilliseconds(500);
    private readonly Process _process;
    private readonly bool _ownGroup;
    private readonly Queue<string> _stderr = new();
    private int _disposed;

    private WorkerProcess(Process process, bool ownGroup)
    {
        _process = process;
        _ownGroup = ownGroup;
        Pid = process.Id;
        process.ErrorDataReceived += (_, e) => KeepStderr(e.Data);
        process.BeginErrorReadLine();
    }

    public int Pid { get; }

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote to stderr, for error messages.</summary>
    public string StderrTail
    {
        get
        {
            lock (_stderr)
            {
                return string.Join(" | ", _stderr);
            }
        }
    }

    /// <summary>Starts the instance's command (arguments as a list, never through a shell) with the environment <paramref name="environment"/> decides.</summary>
    /// <exception cref="ServerStartException">The command could not be started (missing binary, no permission, missing working directory, EAGAIN); the message says which.</exception>
    public static WorkerProcess Start(InstanceDefinition instance, ServerEnvironment environment)
    {
        if (!string.IsNullOrEmpty(instance.WorkingDir) && !Directory.Exists(instance.WorkingDir))
        {
            throw new ServerStartException($"could not start '{instance.Command}': working_dir '{instance.WorkingDir}' does not exist.");
        }
        var ownGroup = OperatingSystem.IsLinux() && File.Exists(SetSid);
        var info = new ProcessStartInfo(ownGroup ? SetSid : instance.Command!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        if (ownGroup)
        {
            info.ArgumentList.Add(ResolveCommand(instance.Command!, instance.WorkingDir));
        }
        foreach (var arg in instance.Args ?? [])
        {
            info.ArgumentList.Add(arg);
        }
        environment.ApplyTo(info.Environment, instance);
        if (!string.IsNullOrEmpty(instance.WorkingDir))
        {
            info.WorkingDirectory = instance.WorkingDir;
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ServerStartException($"could not start '{instance.Command}'.");
        }
        catch (Win32Exception e)
        {
            throw new ServerStartException($"could not start '{instance.Command}': {e.Message}", e);
        }
        return new WorkerProcess(process, ownGroup);
    }

    /// <summary>
    /// With setsid in front, a missing or non-executable command would only show as setsid exiting; resolving it here keeps
    /// "could not start" an immediate, clear error like a direct start. Like execvp, PATH entries that are not executable are skipped.
    /// </summary>
    private static string ResolveCommand(string command, string? workingDir)
    {
        if (command.Contains('/'))
        {
            var full = Path.IsPathRooted(command) ? command : Path.GetFullPath(command, workingDir ?? Environment.CurrentDirectory);
            if (!File.Exists(full))
            {
                throw new ServerStartException($"could not start '{command}': no such file.");
            }
            return IsExecutable(full) ? full : throw new ServerStartException($"could not start '{command}': permission denied (not executable).");
        }
        var denied = false;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate))
            {
                if (IsExecutable(candidate))
                {
                    return candidate;
                }
                denied = true;
            }
        }
        throw new ServerStartException(denied
            ? $"could not start '{command}': permission denied (not executable)."
            : $"could not start '{command}': not found on PATH.");
    }

    private const int ExecuteOk = 1; // X_OK

    private static bool IsExecutable(string path) => access(path, ExecuteOk) == 0;

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stderr)
        {
            _stderr.Enqueue(line.Length > 300 ? line[..300] : line);
            while (_stderr.Count > 10)
            {
                _stderr.Dequeue();
            }
        }
    }

    /// <summary>Kills the process group (and its tree) at once, as a crash would.</summary>
    public void Kill()
    {
        var descendants = ProcessTree.Snapshot(Pid);
        if (_ownGroup)
        {
            _ = KillGroup(Pid, 9);
        }
        ProcessTree.KillAll(_process, descendants);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        var descendants = ProcessTree.Snapshot(Pid);
        try
        {
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(GracePeriod).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        if (_ownGroup)
        {
            _ = KillGroup(Pid, 9);
        }
        ProcessTree.KillAll(_process, descendants);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        _process.Dispose();
    }

    /// <summary>kill(-pgid, sig): signals every process of the group the worker leads.</summary>
    private static int KillGroup(int processGroup, int signal) => kill(-processGroup, signal);

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code enabled for the whole project; this one blittable call does not.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int access(string path, int mode);
#pragma warning restore SYSLIB1054
}
