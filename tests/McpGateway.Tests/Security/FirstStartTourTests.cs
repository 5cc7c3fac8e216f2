using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpGateway.Tests.Infrastructure;

namespace McpGateway.Tests.Security;

/// <summary>
/// The README's five-minute tour from a first start: the gateway prints an admin key, the admin mints the
/// <c>echo-only</c> user key as the README shows (for user ana, and without an owner), and neither key can see or revoke
/// the admin key.
/// </summary>
public sealed partial class FirstStartTourTests
{
    [Fact]
    public async Task The_echo_only_key_from_the_readme_cannot_list_or_revoke_the_first_start_admin_key()
    {
        var data = Path.Combine(Path.GetTempPath(), "mcpgw-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using var gateway = await GatewayProcess.StartAsync(new Dictionary<string, string>
            {
                ["McpGateway__DataDirectory"] = data,
                ["McpGateway__HealthIntervalSeconds"] = "3600",
                ["API_KEY"] = "",
            });
            var adminKey = await PrintedKeyAsync(gateway.Process);
            using var admin = new HttpClient { BaseAddress = gateway.Client.BaseAddress };
            admin.DefaultRequestHeaders.Add("X-API-Key", adminKey);
            var adminKeyId = Assert.Single((await admin.GetFromJsonAsync<JsonObject>("/gateway/keys"))!["keys"]!.AsArray())!["id"]!.GetValue<string>();

            // As the README's tour: user ana, then her echo-only key; and the same key minted without an owner (the admin's own narrower key).
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/gateway/users", Json(
                """{"username": "ana", "password": "a long passphrase", "role": "user"}"""))).StatusCode);
            foreach (var tourRequest in new[]
            {
                """{"name": "echo-only", "owner": "ana", "role": "user", "templates": ["everything"], "tools": ["everything/echo"]}""",
                """{"name": "echo-only", "role": "user", "templates": ["everything"], "tools": ["everything/echo"]}""",
            })
            {
                var minted = await admin.PostAsync("/gateway/keys", Json(tourRequest));
                Assert.Equal(HttpStatusCode.Created, minted.StatusCode);
                var echoOnlyKey = (await minted.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
                using var echoOnly = new HttpClient { BaseAddress = gateway.Client.BaseAddress };
                echoOnly.DefaultRequestHeaders.Add("X-API-Key", echoOnlyKey);

                var listed = (await echoOnly.GetFromJsonAsync<JsonObject>("/gateway/keys"))!["keys"]!.AsArray();
                Assert.DoesNotContain(listed, k => k!["id"]!.GetValue<string>() == adminKeyId);
                Assert.All(listed, k => Assert.Equal("user", k!["role"]!.GetValue<string>()));
                var revoke = await echoOnly.DeleteAsync($"/gateway/keys/{adminKeyId}");
                Assert.Equal(HttpStatusCode.NotFound, revoke.StatusCode);
                Assert.Equal("application/problem+json", revoke.Content.Headers.ContentType?.MediaType);
            }

            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/gateway/registry")).StatusCode);
            var adminListing = (await admin.GetFromJsonAsync<JsonObject>("/gateway/keys"))!["keys"]!.AsArray();
            Assert.Equal("active", adminListing.Single(k => k!["id"]!.GetValue<string>() == adminKeyId)!["status"]!.GetValue<string>());
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    /// <summary>The key from the first-start banner on the gateway's console (waits for it to appear).</summary>
    private static async Task<string> PrintedKeyAsync(ChildProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var output = process.Output;
            if (output.Contains("First start", StringComparison.Ordinal) && PrintedKey().Match(output) is { Success: true } match)
            {
                return match.Value;
            }
            Assert.True(DateTime.UtcNow < deadline && !process.HasExited, "No first-start key was printed:\n" + output);
            await Task.Delay(50);
        }
    }

    [GeneratedRegex(@"mgw_[a-z2-7]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex PrintedKey();
}
