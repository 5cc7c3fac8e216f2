return await McpGateway.Cli.CliApp.RunAsync(args);
