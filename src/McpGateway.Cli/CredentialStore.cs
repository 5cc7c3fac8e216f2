using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGateway.Cli;

/// <summary>
/// Tokens from <c>mcpgw login</c>, per gateway URL, in <c>$XDG_CONFIG_HOME/mcpgw/credentials.json</c> (else
/// <c>~/.config/mcpgw/credentials.json</c>). The file is readable only by its owner (0600, folder 0700).
/// </summary>
public sealed class CredentialStore(string path)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The file.</summary>
    public string Path { get; } = path;

    /// <summary>The store's location for this environment.</summary>
    public static CredentialStore For(CliEnvironment environment)
    {
        var config = environment.Variables("XDG_CONFIG_HOME");
        if (string.IsNullOrWhiteSpace(config))
        {
            var home = environment.Variables("HOME");
            if (string.IsNullOrWhiteSpace(home))
            {
                home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            }
            config = System.IO.Path.Combine(home, ".config");
        }
        return new CredentialStore(System.IO.Path.Combine(config, "mcpgw", "credentials.json"));
    }

    /// <summary>The stored credentials; empty when there is no file.</summary>
    public StoredCredentials Load()
    {
        if (!File.Exists(Path))
        {
            return new StoredCredentials();
        }
        try
        {
            return JsonSerializer.Deserialize<StoredCredentials>(File.ReadAllText(Path), Json) ?? new StoredCredentials();
        }
        catch (JsonException)
        {
            throw new UsageException($"{Path} is not valid JSON: delete it and log in again with `mcpgw login USER`.");
        }
    }

    /// <summary>Writes the credentials, readable only by the owner.</summary>
    public void Save(StoredCredentials credentials)
    {
        var directory = System.IO.Path.GetDirectoryName(Path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = Path + ".tmp";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, credentials, Json);
        }
        File.Move(temporary, Path, overwrite: true);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

/// <summary>The contents of <c>credentials.json</c>.</summary>
public sealed class StoredCredentials
{
    /// <summary>The gateway of the latest login: used when neither <c>--url</c> nor <c>MCPGW_URL</c> says otherwise.</summary>
    [JsonPropertyName("current")] public string? Current { get; set; }
    /// <summary>Logins per gateway URL.</summary>
    [JsonPropertyName("gateways")] public Dictionary<string, StoredLogin> Gateways { get; set; } = [];
}

/// <summary>One login.</summary>
public sealed class StoredLogin
{
    /// <summary>Who logged in.</summary>
    [JsonPropertyName("username")] public string? Username { get; set; }
    /// <summary>The bearer token.</summary>
    [JsonPropertyName("token")] public string? Token { get; set; }
    /// <summary>When it expires.</summary>
    [JsonPropertyName("expires_at")] public DateTimeOffset? ExpiresAt { get; set; }
    /// <summary>The user's role.</summary>
    [JsonPropertyName("role")] public string? Role { get; set; }
}
