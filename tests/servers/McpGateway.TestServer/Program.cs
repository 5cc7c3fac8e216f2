using McpGateway.TestServer;

TestServerOptions options;
try
{
    options = TestServerOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}\n{TestServerOptions.Usage}");
    return 2;
}

if (options.StartupDelayMs > 0)
{
    await Task.Delay(options.StartupDelayMs);
}

return options.Stdio ? await StdioHost.RunAsync(options) : await HttpHost.RunAsync(options);
