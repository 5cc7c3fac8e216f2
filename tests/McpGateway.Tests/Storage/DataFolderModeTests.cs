using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Storage;

/// <summary>The data folder a gateway creates is its user's only (0700), and so are the SQLite database and its WAL files (0600).</summary>
public sealed class DataFolderModeTests
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_gateway_on_a_fresh_folder_creates_it_0700_and_its_database_files_0600()
    {
        var root = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        var data = Path.Combine(root, "data");
        try
        {
            await using (var gateway = await GatewayHost.StartAsync(dataDirectory: data))
            {
                // A write with the gateway running: the WAL and shared-memory files exist while connections are open.
                await gateway.RegisterAsync(McpServers.Http("modes", "m1", "http://127.0.0.1:9/mcp"));
                var database = Path.Combine(data, "gateway.db");
                Assert.True(File.Exists(database));
                Assert.True(File.Exists(database + "-wal"));
                if (OperatingSystem.IsWindows())
                {
                    return;
                }
                Assert.Equal(OwnerOnlyDirectory, File.GetUnixFileMode(data));
                foreach (var file in Directory.EnumerateFiles(data))
                {
                    Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{Path.GetFileName(file)} is {File.GetUnixFileMode(file)}");
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
