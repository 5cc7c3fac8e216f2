using McpGateway.Functions.Jobs;
using McpGateway.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddDurableJobs();
builder.AddGatewayFunctionsWorker();
builder.Build().Run();
