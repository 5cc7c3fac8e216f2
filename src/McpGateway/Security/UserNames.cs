namespace McpGateway.Security;

/// <summary>User names: 1-64 of letters, digits, '.', '_', '-', '@'; compared case-insensitively and stored lower-case.</summary>
internal static class UserNames
{
    public const string Rule = "use 1-64 letters, digits, '.', '_', '-' or '@'.";

    public static bool IsValid(string? name)
        => name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@');

    public static string Normalize(string name) => name.Trim().ToLowerInvariant();
}
