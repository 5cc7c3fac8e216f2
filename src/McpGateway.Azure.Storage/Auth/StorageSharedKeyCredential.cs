using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Azure.Storage.Auth;

/// <summary>
/// A storage account name and key for Shared Key authorization. The key is kept as bytes and never
/// appears in <see cref="object.ToString"/>, exceptions or logs.
/// </summary>
public sealed class StorageSharedKeyCredential
{
    private readonly byte[] _key;

    public StorageSharedKeyCredential(string accountName, string accountKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountKey);
        AccountName = accountName;
        try
        {
            _key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException)
        {
            // Do not echo the key.
            throw new ArgumentException("The storage account key is not valid base64. Copy the key from the portal or `az storage account keys list`.", nameof(accountKey));
        }
    }

    public string AccountName { get; }

    /// <summary>Base64(HMAC-SHA256(key, UTF-8(stringToSign))).</summary>
    internal string Sign(string stringToSign) =>
        Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));

    public override string ToString() => $"SharedKey({AccountName})";
}
