using McpGateway.Streaming.SignalRService;

namespace McpGateway.Tests.Streaming;

public sealed class SignalRServiceConnectionStringTests
{
    [Fact]
    public void Parses_the_key_form_with_the_audience_base_without_port()
    {
        var parsed = SignalRServiceConnectionString.Parse("endpoint=https://demo.service.signalr.net;accesskey=abc=;version=1.0;port=8443;");
        Assert.Equal("https://demo.service.signalr.net:8443/", parsed.ServerEndpoint.ToString());
        Assert.Equal("https://demo.service.signalr.net", parsed.AudienceBase);
        Assert.Equal("abc=", parsed.AccessKey);
        Assert.Null(parsed.AuthType);
    }

    [Fact]
    public void Parses_the_identity_form_and_client_endpoint()
    {
        var parsed = SignalRServiceConnectionString.Parse(
            "Endpoint=https://demo.service.signalr.net;AuthType=azure.msi;ClientId=123;ClientEndpoint=https://edge.example.com;Version=1.0;");
        Assert.Null(parsed.AccessKey);
        Assert.Equal("azure.msi", parsed.AuthType);
        Assert.Equal("123", parsed.ClientId);
        Assert.Equal("https://edge.example.com/", parsed.ClientEndpoint.ToString());
        Assert.Equal("https://demo.service.signalr.net/", parsed.ServerEndpoint.ToString());
    }

    [Theory]
    [InlineData("AccessKey=secret-key-value;Version=1.0;")]
    [InlineData("Endpoint=https://demo.service.signalr.net;Version=1.0;")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=secret-key-value;Version=2.0;")]
    [InlineData("Endpoint=https://demo.service.signalr.net;AccessKey=secret-key-value;Port=x;")]
    public void Rejects_bad_strings_naming_the_setting_but_never_the_key(string value)
    {
        var e = Assert.Throws<FormatException>(() => SignalRServiceConnectionString.Parse(value));
        Assert.Contains("Azure:SignalR:ConnectionString", e.Message);
        Assert.DoesNotContain("secret-key-value", e.Message);
    }
}
