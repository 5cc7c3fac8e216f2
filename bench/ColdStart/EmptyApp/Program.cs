// The cold-start baseline: the isolated worker with ASP.NET Core integration, as functions/McpGateway.Functions starts it,
// without the gateway.
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Build().Run();
