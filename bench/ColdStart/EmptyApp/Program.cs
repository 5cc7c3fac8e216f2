// The baseline for the cold-start benchmark: an empty ASP.NET Core app that answers GET / on the custom-handler port.
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? "8080"}");
var app = builder.Build();
app.MapGet("/", () => "ok");
app.Run();
