using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>Users, logins and keys through the gateway's own endpoints, as the admin.</summary>
internal static class AuthHelpers
{
    public const string Password = "correct horse battery staple";

    public static async Task CreateUserAsync(this GatewayHost gateway, string username, string role = "user", string password = Password)
    {
        var response = await gateway.Client.PostAsJsonAsync("/gateway/users", new JsonObject { ["username"] = username, ["password"] = password, ["role"] = role });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    public static async Task<string> LoginAsync(this GatewayHost gateway, string username, string password = Password)
    {
        using var anonymous = gateway.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/auth/login", new JsonObject { ["username"] = username, ["password"] = password });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();
    }

    /// <summary>Creates a key with <paramref name="client"/> (default: the admin); returns its id and the key.</summary>
    public static async Task<(string Id, string Key)> CreateKeyAsync(this GatewayHost gateway, JsonObject request, HttpClient? client = null)
    {
        var response = await (client ?? gateway.Client).PostAsJsonAsync("/gateway/keys", request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }

    /// <summary>Audit entries are written in the background: polls until one matches.</summary>
    public static async Task<JsonObject> WaitForAuditAsync(this GatewayHost gateway, string action, Func<JsonObject, bool>? match = null, HttpClient? client = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var page = await (client ?? gateway.Client).GetFromJsonAsync<JsonObject>($"/gateway/audit?action={action}&limit=500");
            var found = page!["entries"]!.AsArray().Select(e => e!.AsObject()).FirstOrDefault(e => match?.Invoke(e) ?? true);
            if (found is not null)
            {
                return found;
            }
            Assert.True(DateTime.UtcNow < deadline, $"No audit entry '{action}' appeared.");
            await Task.Delay(100);
        }
    }
}
