using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using McpGateway.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace McpGateway.Tests.Functions.Isolated;

/// <summary>
/// Azure SignalR Service negotiate (<c>POST /hubs/progress/negotiate</c>, what the JS client calls for
/// <c>withUrl("/hubs/progress")</c>) through the real Functions host: the service's client URL for the hub and a token for
/// exactly that URL that names the caller, and only for an authenticated caller. In the isolated-app collection, so it does
/// not start its host while the other isolated tests run.
/// </summary>
[Collection(IsolatedFunctionsCollection.Name)]
public sealed class IsolatedSignalRNegotiateTests(SignalRFunctionsAppFixture app) : IClassFixture<SignalRFunctionsAppFixture>
{
    private const string NegotiatePath = "/hubs/progress/negotiate?negotiateVersion=1";
    private const string ClientUrl = SignalRFunctionsAppFixture.ServiceEndpoint + "/client/?hub=progress";

    [FunctionsHostFact]
    public async Task Negotiate_answers_the_client_url_and_a_token_for_that_url_naming_the_admin_key_caller()
    {
        using var admin = app.CreateClient();
        await AssertNegotiatesAsAsync(admin);
    }

    [FunctionsHostFact]
    public async Task Negotiate_names_a_logged_in_user_as_that_user()
    {
        using var admin = app.CreateClient();
        var username = "neg-" + Guid.NewGuid().ToString("N")[..10];
        const string password = "a long passphrase for negotiate";
        var created = await admin.PostAsJsonAsync("/gateway/users", new { username, password, role = "user" });
        Assert.True(created.IsSuccessStatusCode, $"{created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        using var anonymous = app.CreateClient(apiKey: null);
        var login = await anonymous.PostAsJsonAsync("/auth/login", new { username, password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["access_token"]!.GetValue<string>();

        using var user = app.CreateClient(apiKey: null);
        user.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var principal = await AssertNegotiatesAsAsync(user);
        Assert.NotEqual(await PrincipalAsync(admin), principal);
    }

    [FunctionsHostFact]
    public async Task Negotiate_without_credentials_is_a_401_problem()
    {
        using var anonymous = app.CreateClient(apiKey: null);
        var response = await anonymous.PostAsync(NegotiatePath, null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync());
    }

    /// <summary>Negotiates as <paramref name="caller"/>, checks the answer and the token, and returns the caller's principal.</summary>
    private static async Task<string> AssertNegotiatesAsAsync(HttpClient caller)
    {
        var response = await caller.PostAsync(NegotiatePath, null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(ClientUrl, body["url"]!.GetValue<string>());

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(body["accessToken"]!.GetValue<string>(), new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SignalRFunctionsAppFixture.AccessKey)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidAudience = ClientUrl,
            ValidateIssuer = false,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.Zero,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.InRange(Convert.ToInt64(result.Claims["exp"]) - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3500, 3600);
        // The caller's identity, under the claim the docs name and the one the service SDK writes.
        var principal = await PrincipalAsync(caller);
        Assert.Equal(principal, result.Claims["nameid"]?.ToString());
        Assert.Equal(principal, result.Claims["asrs.s.uid"]?.ToString());
        return principal;
    }

    private static async Task<string> PrincipalAsync(HttpClient caller)
        => (await caller.GetFromJsonAsync<JsonObject>("/auth/me"))!["principal"]!.GetValue<string>();
}
