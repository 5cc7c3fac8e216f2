using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Security;

/// <summary>
/// API key format: <c>mgw_{id}_{secret}</c>. <c>id</c> is 12 lower-case base-32 characters (60 bits, the visible,
/// listable part and the store's lookup key); <c>secret</c> is 32 random bytes in base64url (256 bits).
/// The store keeps SHA-256 of the whole key: with 256 bits of entropy a fast hash cannot be brute-forced, so the
/// slow, salted hashing that passwords need would only add latency to every request.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "mgw_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private const int IdLength = 12;

    public static (string Id, string Key) Generate()
    {
        var id = RandomNumberGenerator.GetString(Alphabet, IdLength);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id of a well-formed key, or null.</summary>
    public static string? ParseId(ReadOnlySpan<char> key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal) || key.Length < Prefix.Length + IdLength + 2 || key[Prefix.Length + IdLength] != '_')
        {
            return null;
        }
        var id = key.Slice(Prefix.Length, IdLength);
        foreach (var c in id)
        {
            if (!Alphabet.Contains(c))
            {
                return null;
            }
        }
        return id.ToString();
    }

    public static bool LooksLikeKey(string value) => value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Lower-case hex SHA-256 of the UTF-8 key.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Constant-time comparison of two hex hashes.</summary>
    public static bool HashEquals(string a, string b)
        => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
