using System.Net;
using System.Text;
using McpGateway.Hosting;

namespace McpGateway.Security;

/// <summary>Checks the security settings at start-up; every message names the setting and the fix.</summary>
internal static class AuthOptionsValidator
{
    public const int MinimumPasswordLength = 12;

    public static List<string> Validate(AuthOptions auth, string host, HostingMode mode)
    {
        var errors = new List<string>();
        if (!auth.Enabled && mode == HostingMode.FunctionsWorker)
        {
            errors.Add("McpGateway:Auth:Enabled is false, but authentication is always on in the Functions app: remove the setting.");
        }
        else if (!auth.Enabled && !IsLoopback(host))
        {
            errors.Add($"McpGateway:Auth:Enabled is false while listening on '{host}': authentication can only be turned off on a loopback address (127.0.0.1, ::1, localhost). Turn it on or listen on 127.0.0.1.");
        }
        if (auth.JwtSecret is { } secret && Encoding.UTF8.GetByteCount(secret) < 32)
        {
            errors.Add("JWT_SECRET (McpGateway:Auth:JwtSecret) is shorter than 32 bytes: use a random value of at least 32 characters, e.g. `openssl rand -base64 48`.");
        }
        if (auth.ApiKey is { Length: > 0 and < 16 })
        {
            errors.Add("API_KEY (McpGateway:Auth:ApiKey) is shorter than 16 characters: use a long random value, e.g. `openssl rand -hex 32`.");
        }
        var admin = auth.BootstrapAdmin;
        if (string.IsNullOrWhiteSpace(admin.Username) != string.IsNullOrEmpty(admin.Password))
        {
            errors.Add("MCP_GATEWAY_ADMIN_USER and MCP_GATEWAY_ADMIN_PASSWORD (McpGateway:Auth:BootstrapAdmin:Username/Password) must be set together.");
        }
        else if (admin.Username is { Length: > 0 } user)
        {
            if (!UserNames.IsValid(user))
            {
                errors.Add($"MCP_GATEWAY_ADMIN_USER is not a valid user name: {UserNames.Rule}");
            }
            if (admin.Password!.Length < MinimumPasswordLength)
            {
                errors.Add($"MCP_GATEWAY_ADMIN_PASSWORD is shorter than {MinimumPasswordLength} characters: choose a longer password.");
            }
        }
        if (auth.JwtLifetimeMinutes <= 0)
        {
            errors.Add($"McpGateway:Auth:JwtLifetimeMinutes is {auth.JwtLifetimeMinutes}: set a positive number of minutes, e.g. 60.");
        }
        if (auth.KeyCacheSeconds < 0)
        {
            errors.Add($"McpGateway:Auth:KeyCacheSeconds is {auth.KeyCacheSeconds}: set 0 (no cache) or more, e.g. 5.");
        }
        if (auth.RateLimitPerMinute < 0)
        {
            errors.Add($"API_RATE_LIMIT (McpGateway:Auth:RateLimitPerMinute) is {auth.RateLimitPerMinute}: set 0 (off) or more, e.g. 100.");
        }
        if (auth.RateLimitWindowSeconds <= 0)
        {
            errors.Add($"McpGateway:Auth:RateLimitWindowSeconds is {auth.RateLimitWindowSeconds}: set a positive number of seconds, e.g. 60.");
        }
        if (auth.Entra.IsConfigured)
        {
            if (!Uri.TryCreate(auth.Entra.Authority, UriKind.Absolute, out var authority)
                || (authority.Scheme != Uri.UriSchemeHttps && !(authority.Scheme == Uri.UriSchemeHttp && authority.IsLoopback)))
            {
                errors.Add($"McpGateway:Auth:Entra:Authority '{auth.Entra.Authority}' must be an https:// URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0.");
            }
            if (auth.Entra.Audiences.Length == 0)
            {
                errors.Add("McpGateway:Auth:Entra:Audiences is empty: list the token audiences this gateway accepts (its app id URI or client id).");
            }
        }
        return errors;
    }

    public static bool IsLoopback(string host)
        => host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
           || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
