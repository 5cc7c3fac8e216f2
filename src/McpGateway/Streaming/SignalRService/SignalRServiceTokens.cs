using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace McpGateway.Streaming.SignalRService;

/// <summary>
/// JWTs for Azure SignalR Service: HS256 with the UTF-8 bytes of the access key (not base64-decoded), <c>aud</c> the exact
/// URL the token is for, <c>exp</c>/<c>iat</c>/<c>nbf</c>, optional <c>kid</c> and extra claims.
/// </summary>
public static class SignalRServiceTokens
{
    /// <summary>The user id claim: the docs name <c>nameid</c>; the service SDK writes <c>asrs.s.uid</c>. Both carry the same value.</summary>
    public static readonly string[] UserIdClaims = ["nameid", "asrs.s.uid"];

    public static string Create(string accessKey, string audience, DateTimeOffset now, TimeSpan lifetime,
        IEnumerable<KeyValuePair<string, string>>? claims = null, string? keyId = null)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        if (keyId is not null)
        {
            header["kid"] = keyId;
        }
        var payload = new JsonObject();
        foreach (var (type, value) in claims ?? [])
        {
            payload[type] = value;
        }
        payload["aud"] = audience;
        payload["iat"] = now.ToUnixTimeSeconds();
        payload["nbf"] = now.ToUnixTimeSeconds();
        payload["exp"] = now.Add(lifetime).ToUnixTimeSeconds();
        var signingInput = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(accessKey), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    public static IEnumerable<KeyValuePair<string, string>> UserClaims(string? userId)
        => userId is null ? [] : UserIdClaims.Select(c => KeyValuePair.Create(c, userId));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
