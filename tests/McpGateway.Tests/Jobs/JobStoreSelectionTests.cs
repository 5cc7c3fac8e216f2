using McpGateway.Hosting;
using McpGateway.Jobs;
using McpGateway.Storage.Azure;
using McpGateway.Storage.Sqlite;

namespace McpGateway.Tests.Jobs;

/// <summary>The job store and queue follow the registry store's selection; bad job storage settings stop start-up.</summary>
public sealed class JobStoreSelectionTests
{
    [Fact]
    public async Task Tables_selects_the_table_job_store_and_the_azure_queue_on_the_same_account()
    {
        // Built, not started: nothing is sent to the (absent) development storage.
        await using var app = GatewayApplication.Build([], Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("McpGateway:Jobs:QueueName", "my-jobs")));
        var store = Assert.IsType<TableJobStore>(app.Services.GetService(typeof(IJobStore)));
        Assert.Equal("mcpgatewayjobs", store.TableName);
        var queue = Assert.IsType<AzureJobQueue>(app.Services.GetService(typeof(IJobQueue)));
        Assert.Equal("my-jobs", queue.QueueName);
    }

    [Fact]
    public async Task Sqlite_keeps_jobs_in_the_embedded_database()
    {
        var data = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = GatewayApplication.Build([], Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("McpGateway:Standalone", "true"),
                ("McpGateway:DataDirectory", data)));
            Assert.IsType<SqliteJobStore>(app.Services.GetService(typeof(IJobStore)));
            Assert.IsType<SqliteJobQueue>(app.Services.GetService(typeof(IJobQueue)));
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("McpGateway:Jobs:QueueName", "Jobs_Queue", "McpGateway:Jobs:QueueName is 'Jobs_Queue'")]
    [InlineData("McpGateway:Jobs:QueueName", "a-very-long-queue-name-that-leaves-no-room-for-the-poison-sfx", "the poison queue adds '-poison'")]
    [InlineData("McpGateway:Jobs:TableName", "mcp-jobs", "McpGateway:Jobs:TableName is 'mcp-jobs'")]
    public void Bad_job_storage_names_stop_start_up_naming_the_setting(string key, string value, string message)
    {
        var error = Assert.Throws<GatewayConfigurationException>(() =>
            GatewayApplication.Build([], Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), (key, value))));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Tables_without_a_queue_endpoint_names_the_setting()
    {
        var error = Assert.Throws<GatewayConfigurationException>(() => GatewayApplication.Build([], Settings(
            ("McpGateway:Store", "tables"), ("AzureWebJobsStorage:tableServiceUri", "https://acct.table.core.windows.net"))));
        Assert.Contains("AzureWebJobsStorage__queueServiceUri", error.Message);
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["McpGateway:Port"] = "0" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        return values;
    }
}
