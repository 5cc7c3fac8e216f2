return await McpGateway.Hosting.GatewayApplication.RunAsync(args);
