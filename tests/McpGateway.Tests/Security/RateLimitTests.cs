using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using McpGateway.Security;
using McpGateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace McpGateway.Tests.Security;

public sealed class RateLimitTests
{
    private static PrincipalRateLimiter Limiter(TimeProvider time, int limit = 100, double windowSeconds = 60)
        => new(new RateLimits(Options.Create(new AuthOptions { RateLimitPerMinute = limit, RateLimitWindowSeconds = windowSeconds })), time);

    [Fact]
    public void A_budget_allows_the_limit_then_refills_evenly_over_the_window()
    {
        var time = new ManualTime();
        var limiter = Limiter(time);
        for (var i = 0; i < 100; i++)
        {
            Assert.Null(limiter.TryTake("user:a", 100));
        }
        var wait = limiter.TryTake("user:a", 100);
        Assert.NotNull(wait);
        Assert.Equal(0.6, wait.Value.TotalSeconds, 3);
        Assert.Null(limiter.TryTake("user:b", 100));

        time.Advance(TimeSpan.FromSeconds(0.6));
        Assert.Null(limiter.TryTake("user:a", 100));
        Assert.NotNull(limiter.TryTake("user:a", 100));

        time.Advance(TimeSpan.FromMinutes(5));
        for (var i = 0; i < 100; i++)
        {
            Assert.Null(limiter.TryTake("user:a", 100));
        }
        Assert.NotNull(limiter.TryTake("USER:A", 100));
    }

    [Fact]
    public void Credentials_of_one_principal_with_different_limits_draw_on_one_budget()
    {
        var time = new ManualTime();
        var limiter = Limiter(time);
        // Half the window's budget through a 100-per-window credential, the other half through a 50-per-window one.
        for (var i = 0; i < 50; i++)
        {
            Assert.Null(limiter.TryTake("user:a", 100));
        }
        for (var i = 0; i < 25; i++)
        {
            Assert.Null(limiter.TryTake("user:a", 50));
        }
        Assert.NotNull(limiter.TryTake("user:a", 50));
        Assert.NotNull(limiter.TryTake("user:a", 100));
    }

    private static Dictionary<string, string?> Limited(int limit, double windowSeconds) => new()
    {
        ["McpGateway:Auth:RateLimitPerMinute"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["McpGateway:Auth:RateLimitWindowSeconds"] = windowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The gateway's limiter on <paramref name="time"/>: a slow machine cannot refill a budget between requests.</summary>
    private static Action<IServiceCollection> OnVirtualTime(TimeProvider time)
        => services => services.AddSingleton(sp => new PrincipalRateLimiter(sp.GetRequiredService<RateLimits>(), time));

    [Fact]
    public async Task Over_the_limit_is_429_with_retry_after_and_the_caller_recovers()
    {
        var time = new ManualTime();
        await using var gateway = await GatewayHost.StartAsync(Limited(3, 3), services: OnVirtualTime(time));
        using var client = gateway.CreateClient(GatewayHost.AdminKey);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/gateway/stats")).StatusCode);
        }
        var limited = await client.GetAsync("/gateway/stats");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = limited.Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter.TotalSeconds, 1, 3);

        // Public endpoints are not counted against this caller.
        using var anonymous = gateway.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/gateway/health")).StatusCode);

        time.Advance(retryAfter);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/gateway/stats")).StatusCode);
    }

    [Fact]
    public async Task A_key_can_have_its_own_limit_and_mcp_endpoints_get_a_json_rpc_429()
    {
        await using var gateway = await GatewayHost.StartAsync(Limited(1000, 60));
        await gateway.CreateUserAsync("kim");
        var (_, key) = await gateway.CreateKeyAsync(new JsonObject { ["owner"] = "kim", ["rate_limit"] = 2 });
        using var client = gateway.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/auth/me")).StatusCode);
        var limited = await client.PostAsJsonAsync("/mcp/anything", new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 1, ["method"] = "ping" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(-32029, (await limited.Content.ReadFromJsonAsync<JsonObject>())!["error"]!["code"]!.GetValue<int>());
        // Another principal (the static admin key) has its own budget.
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/gateway/stats")).StatusCode);
    }

    [Fact]
    public async Task Two_processes_sharing_a_store_each_admit_the_limit_so_together_twice_it()
    {
        // Documented semantics: budgets are per process. Two gateways on one store (same key) admit 2x the limit in a window.
        await using var first = await GatewayHost.StartAsync(Limited(4, 60));
        await using var second = await GatewayHost.StartAsync(Limited(4, 60), first.DataDirectory);
        await first.CreateUserAsync("lee");
        var (_, key) = await first.CreateKeyAsync(new JsonObject { ["owner"] = "lee" });
        using var a = first.CreateClient(key);
        using var b = second.CreateClient(key);
        var admitted = 0;
        for (var i = 0; i < 6; i++)
        {
            admitted += (await a.GetAsync("/auth/me")).IsSuccessStatusCode ? 1 : 0;
            admitted += (await b.GetAsync("/auth/me")).IsSuccessStatusCode ? 1 : 0;
        }
        Assert.Equal(8, admitted);
    }
}
