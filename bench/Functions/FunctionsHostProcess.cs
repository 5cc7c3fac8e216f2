using System.Diagnostics;
using System.Globalization;

namespace McpGateway.Bench.Functions;

/// <summary>
/// The Azure Functions host (<c>run-host.sh APP_DIR PORT</c> from /work/shared/functions-host, which execs the host in place, so
/// this process id is the host's) in front of a built isolated-worker app. Every output line is kept with the time it arrived,
/// in ms since the exec, so start-up phases can be read off the host's log. Stopped with SIGTERM, then killed with its worker.
/// </summary>
public sealed class FunctionsHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private readonly List<(double AtMs, string Line)> _lines = [];
    private readonly Process _process;
    private readonly long _started;

    private FunctionsHostProcess(Process process, long started, Uri baseAddress)
    {
        _process = process;
        _started = started;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public long StartedTimestamp => _started;
    public double ElapsedMs => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    public static FunctionsHostProcess Start(string hostScript, string appDirectory, int port, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = appDirectory,
        };
        info.ArgumentList.Add(hostScript);
        info.ArgumentList.Add(appDirectory);
        info.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        info.Environment["WEBSITE_HOSTNAME"] = $"127.0.0.1:{port}";
        info.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var started = Stopwatch.GetTimestamp();
        var host = new FunctionsHostProcess(process, started, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        var at = ElapsedMs;
        lock (_lines)
        {
            if (_lines.Count < 200_000)
            {
                _lines.Add((at, line));
            }
        }
    }

    /// <summary>When the first line containing <paramref name="text"/> arrived (ms since the exec), or NaN.</summary>
    public double FirstLineAt(string text) => FirstLine(text)?.AtMs ?? double.NaN;

    /// <summary>The first line containing <paramref name="text"/>, with the line after it (the host writes a log entry's message on the next line).</summary>
    public (double AtMs, string Line, string Next)? FirstLine(string text)
    {
        lock (_lines)
        {
            for (var i = 0; i < _lines.Count; i++)
            {
                if (_lines[i].Line.Contains(text, StringComparison.Ordinal))
                {
                    return (_lines[i].AtMs, _lines[i].Line, i + 1 < _lines.Count ? _lines[i + 1].Line : "");
                }
            }
        }
        return null;
    }

    /// <summary>Writes every line kept so far, each prefixed with its arrival time in ms since the exec.</summary>
    public void WriteLog(string path)
    {
        lock (_lines)
        {
            File.WriteAllLines(path, _lines.Select(l => $"[{l.AtMs.ToString("0", CultureInfo.InvariantCulture),7}] {l.Line}"));
        }
    }

    public string Tail(int characters = 6000)
    {
        lock (_lines)
        {
            var text = string.Join('\n', _lines.Select(l => l.Line));
            return text.Length <= characters ? text : text[^characters..];
        }
    }

    /// <summary>The worker process the host started (a child whose command line holds <paramref name="marker"/>), or 0.</summary>
    public int WorkerId(string marker) => ProcFs.Children(_process.Id, marker).FirstOrDefault();

    /// <summary>
    /// When <paramref name="pid"/> was started, in ms after the host's own exec (from /proc/PID/stat starttime, 10 ms ticks), or NaN.
    /// </summary>
    public double StartedAfterHostMs(int pid)
        => ProcStartTicks(pid) is { } child && ProcStartTicks(_process.Id) is { } host ? (child - host) * 10.0 : double.NaN;

    private static long? ProcStartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Polls <paramref name="path"/> until it answers <paramref name="expected"/>; returns ms since the exec.</summary>
    public async Task<double> WaitForAsync(HttpClient http, string path, System.Net.HttpStatusCode expected, TimeSpan timeout, string? apiKey = null)
    {
        var url = new Uri(BaseAddress, path);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the Functions host exited with {_process.ExitCode}:\n{Tail()}");
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (apiKey is not null)
                {
                    request.Headers.Add("X-API-Key", apiKey);
                }
                using var response = await http.SendAsync(request);
                if (response.StatusCode == expected)
                {
                    return ElapsedMs;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{url} did not answer {(int)expected} within {timeout.TotalSeconds:0} s:\n{Tail()}");
            }
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var descendants = Descendants(_process.Id);
        try
        {
            if (!_process.HasExited)
            {
                using var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
                await _process.WaitForExitAsync().WaitAsync(StopGrace);
            }
        }
        catch (TimeoutException)
        {
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        foreach (var id in descendants)
        {
            try
            {
                using var child = Process.GetProcessById(id);
                child.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // gone already
            }
        }
        _process.Dispose();
    }

    /// <summary>Process ids below <paramref name="root"/> (/proc/PID/task/*/children), so a worker that outlives the host is killed too.</summary>
    private static List<int> Descendants(int root)
    {
        var found = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.Count > 0)
        {
            var id = pending.Dequeue();
            var tasks = $"/proc/{id}/task";
            if (!Directory.Exists(tasks))
            {
                continue;
            }
            try
            {
                foreach (var task in Directory.EnumerateDirectories(tasks))
                {
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var childId = int.Parse(child, CultureInfo.InvariantCulture);
                        found.Add(childId);
                        pending.Enqueue(childId);
                    }
                }
            }
            catch (IOException)
            {
            }
        }
        return found;
    }
}
