using System.Net;
using System.Net.Http.Headers;
using System.Text;
using McpGateway.Streaming.SignalRService;

namespace McpGateway.Tests.Streaming;

/// <summary>The stand-in is strict: these are the mistakes it must refuse, so the gateway tests passing means something.</summary>
public sealed class SignalRServiceStandInTests
{
    [Theory]
    [InlineData("good", HttpStatusCode.Accepted)]
    [InlineData("audience-with-port", HttpStatusCode.Unauthorized)]
    [InlineData("audience-without-query", HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData("base64-decoded-key", HttpStatusCode.Unauthorized)]
    [InlineData("expired", HttpStatusCode.Unauthorized)]
    [InlineData("no-api-version", HttpStatusCode.BadRequest)]
    [InlineData("bad-body", HttpStatusCode.BadRequest)]
    public async Task Refuses_what_the_service_would_refuse(string variant, HttpStatusCode expected)
    {
        await using var service = await SignalRServiceStandIn.StartAsync();
        var pathAndQuery = "/api/hubs/progress/groups/job%3Aj_1/:send" + (variant == "no-api-version" ? "" : "?api-version=2022-06-01");
        var audience = variant switch
        {
            "audience-with-port" => $"http://127.0.0.1:{service.Port}{pathAndQuery}",
            "audience-without-query" => "http://127.0.0.1/api/hubs/progress/groups/job%3Aj_1/:send",
            _ => "http://127.0.0.1" + pathAndQuery,
        };
        var key = variant switch
        {
            "wrong-key" => Convert.ToBase64String(new byte[32]),
            "base64-decoded-key" => Encoding.Latin1.GetString(Convert.FromBase64String(service.AccessKey)),
            _ => service.AccessKey,
        };
        var now = variant == "expired" ? DateTimeOffset.UtcNow.AddHours(-2) : DateTimeOffset.UtcNow;
        var token = SignalRServiceTokens.Create(key, audience, now, TimeSpan.FromMinutes(5));
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{service.Port}{pathAndQuery}")
        {
            Content = new StringContent(variant == "bad-body" ? "{\"arguments\":[]}" : "{\"target\":\"jobEvent\",\"arguments\":[{}]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
    }
}
