using System.Diagnostics;
using System.Globalization;
using McpGateway.Hosting;
using McpGateway.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

// The per-request authentication check of the gateway, measured call by call with Stopwatch timestamps:
// RequestAuthenticator.AuthenticateAsync on a DefaultHttpContext, with the real services and a real SQLite store.
var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
var data = Path.Combine(Path.GetTempPath(), "mcpgw-bench-auth", Guid.NewGuid().ToString("N"));
const string staticKey = "bench-static-admin-key-0123456789";
await using var app = GatewayApplication.Build([], new Dictionary<string, string?>
{
    ["McpGateway:Port"] = "0",
    ["McpGateway:DataDirectory"] = data,
    ["McpGateway:Auth:ApiKey"] = staticKey,
    ["McpGateway:Auth:JwtSecret"] = "bench-jwt-secret-of-at-least-32-bytes!!",
    ["Logging:LogLevel:Default"] = "Warning",
});
var services = app.Services;
await services.GetRequiredService<IPrincipalStore>().InitializeAsync();
var authenticator = services.GetRequiredService<RequestAuthenticator>();
var admin = new GatewayIdentity("bench", GatewayRoles.Admin, PrincipalKinds.StaticKey);
var (_, apiKey) = await services.GetRequiredService<KeyIssuer>().CreateAsync(admin,
    new CreateKeyRequest { Role = GatewayRoles.User, Templates = ["fs"], Tools = ["fs/read"] }, CancellationToken.None);
var user = await services.GetRequiredService<UserAccounts>().CreateAsync("bench-user", "bench-password-123", GatewayRoles.User, CancellationToken.None);
var (jwt, _) = services.GetRequiredService<GatewayTokens>().Issue(user);
var access = services.GetRequiredService<ITemplateAccess>();

Console.WriteLine($"McpGateway auth check, {iterations:N0} calls per case after {iterations / 10:N0} warm-up calls; " +
                  $".NET {Environment.Version}, {Environment.ProcessorCount} cores, {(Debugger.IsAttached ? "debugger" : "no debugger")}");
Console.WriteLine("| case | p50 µs | p90 µs | p99 µs | mean µs |");
Console.WriteLine("|---|---|---|---|---|");
await Measure("API key (X-API-Key, cached) + template/tool check", ctx => ctx.Request.Headers["X-API-Key"] = apiKey, checkAccess: true);
await Measure("API key (Authorization: Bearer, cached)", ctx => ctx.Request.Headers.Authorization = "Bearer " + apiKey);
await Measure("static API_KEY", ctx => ctx.Request.Headers["X-API-Key"] = staticKey);
await Measure("gateway JWT (HS256, user cached)", ctx => ctx.Request.Headers.Authorization = "Bearer " + jwt);
await Measure("no credentials", _ => { });
Directory.Delete(data, recursive: true);

async Task Measure(string name, Action<HttpContext> prepare, bool checkAccess = false)
{
    var context = new DefaultHttpContext { RequestServices = services };
    context.Request.Path = "/mcp/fs/tools/call";
    prepare(context);
    var samples = new double[iterations];
    for (var i = -iterations / 10; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        var outcome = await authenticator.AuthenticateAsync(context);
        if (checkAccess && outcome.Identity is { } identity)
        {
            var principal = new System.Security.Claims.ClaimsPrincipal(identity);
            if (!access.CanUseTemplate(principal, "fs") || !access.CanCallTool(principal, "fs", "read"))
            {
                throw new InvalidOperationException("access check failed");
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        if (i >= 0)
        {
            samples[i] = elapsed;
        }
    }
    Array.Sort(samples);
    string P(double q) => samples[(int)(q * (samples.Length - 1))].ToString("0.00", CultureInfo.InvariantCulture);
    Console.WriteLine($"| {name} | {P(0.5)} | {P(0.9)} | {P(0.99)} | {samples.Average().ToString("0.00", CultureInfo.InvariantCulture)} |");
}
