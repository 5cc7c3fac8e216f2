namespace McpGateway.Hosting;

/// <summary>The gateway inside the isolated-worker Functions app (<c>functions/McpGateway.Functions</c>).</summary>
public static class FunctionsWorkerHosting
{
    /// <summary>
    /// The gateway's settings (the legacy variables such as <c>API_KEY</c>, then <see cref="HostingModes.AddFunctionsWorkerSettings"/>)
    /// and services in the <see cref="HostingMode.FunctionsWorker"/> mode, with <see cref="GatewayRequestPipeline"/> for the HTTP function.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayFunctionsWorker(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddLegacyEnvironmentSettings();
        builder.Configuration.AddFunctionsWorkerSettings();
        return builder.AddGateway(HostingMode.FunctionsWorker);
    }
}
