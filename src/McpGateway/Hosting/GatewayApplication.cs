using Microsoft.Extensions.Options;

namespace McpGateway.Hosting;

/// <summary>Builds and runs the gateway; configuration errors end the process with a message, not a stack trace.</summary>
public static class GatewayApplication
{
    /// <param name="configureServices">Runs after the gateway's registrations (tests replace or add services here).</param>
    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddLegacyEnvironmentSettings();
        builder.Configuration.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        builder.Configuration.AddHostingModeSettings();
        builder.AddGateway();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGateway();
        return app;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            await using var app = Build(args);
            // A drain run (the worker's job mode) ends by itself and reports whether it emptied the queue.
            var drain = app.Services.GetService<Worker.DrainOutcome>();
            await app.RunAsync();
            return drain?.ExitCode ?? 0;
        }
        catch (Exception e) when (e is GatewayConfigurationException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync(e is OptionsValidationException o
                ? new GatewayConfigurationException(o.Failures).Message
                : e.Message);
            return 2;
        }
    }
}
