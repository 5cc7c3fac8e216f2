using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace McpGateway.Tests.Security;

/// <summary>Rate limits cannot be escaped by minting keys: one budget per principal, and no key above its creator's limit.</summary>
public sealed class KeyRateLimitTests
{
    private static Dictionary<string, string?> Limited(int limit) => new()
    {
        ["McpGateway:Auth:RateLimitPerMinute"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["McpGateway:Auth:RateLimitWindowSeconds"] = "60",
    };

    private static Task<GatewayHost> StartOnVirtualTimeAsync(ManualTime time, int limit)
        => GatewayHost.StartAsync(Limited(limit),
            services: s => s.AddSingleton(sp => new PrincipalRateLimiter(sp.GetRequiredService<RateLimits>(), time)));

    [Fact]
    public async Task A_user_minting_keys_gets_one_budget_across_its_token_and_keys()
    {
        var time = new ManualTime();
        await using var gateway = await StartOnVirtualTimeAsync(time, 5);
        await gateway.CreateUserAsync("ana");
        using var token = gateway.CreateBearerClient(await gateway.LoginAsync("ana"));
        var (_, first) = await gateway.CreateKeyAsync(new JsonObject(), token);
        var (_, second) = await gateway.CreateKeyAsync(new JsonObject(), token);
        // Unlimited is for admins only, and no key above the creator's own limit (the default, 5).
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PostAsJsonAsync("/gateway/keys", new JsonObject { ["rate_limit"] = 0 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await token.PostAsJsonAsync("/gateway/keys", new JsonObject { ["rate_limit"] = 6 })).StatusCode);

        time.Advance(TimeSpan.FromMinutes(1)); // a whole budget again
        using var a = gateway.CreateClient(first);
        using var b = gateway.CreateClient(second);
        HttpClient[] clients = [token, a, b];
        var admitted = 0;
        for (var i = 0; i < 15; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/me");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{i}"); // a different client address each time changes nothing
            var response = await clients[i % 3].SendAsync(request);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, response.StatusCode.ToString());
            admitted += response.IsSuccessStatusCode ? 1 : 0;
        }
        Assert.Equal(5, admitted);
    }

    [Fact]
    public async Task A_derived_key_never_exceeds_its_creators_limit()
    {
        await using var gateway = await GatewayHost.StartAsync(Limited(100));
        await gateway.CreateUserAsync("bo");
        var (_, limitedKey) = await gateway.CreateKeyAsync(new JsonObject { ["owner"] = "bo", ["rate_limit"] = 3 });
        using var limited = gateway.CreateClient(limitedKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await limited.PostAsJsonAsync("/gateway/keys", new JsonObject { ["rate_limit"] = 4 })).StatusCode);
        // Omitted: the creator's own limit, not the (higher) default.
        var created = await limited.PostAsJsonAsync("/gateway/keys", new JsonObject());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(3, (await created.Content.ReadFromJsonAsync<JsonObject>())!["rate_limit"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_unlimited_admin_key_creates_keys_with_any_limit()
    {
        // Rate limiting off by default here (GatewayHost): the static admin key is unlimited, so it may mint rate_limit 0.
        await using var gateway = await GatewayHost.StartAsync();
        var (_, unlimitedKey) = await gateway.CreateKeyAsync(new JsonObject { ["role"] = "admin", ["rate_limit"] = 0 });
        using var unlimited = gateway.CreateClient(unlimitedKey);
        await gateway.CreateKeyAsync(new JsonObject(), unlimited);
        await gateway.CreateKeyAsync(new JsonObject { ["rate_limit"] = 5 }, unlimited);
        await gateway.CreateKeyAsync(new JsonObject { ["role"] = "admin", ["rate_limit"] = 0 }, unlimited);
    }
}
