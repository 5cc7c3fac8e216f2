using System.Text.RegularExpressions;

namespace McpGateway.Registry;

/// <summary>Validation of template names and instance ids: short slugs that are safe in URLs, SQL and storage keys.</summary>
public static partial class Names
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9_-]{0,62}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugRegex();

    public static bool IsValid(string? value) => value is not null && SlugRegex().IsMatch(value);

    /// <summary>Throws <see cref="Api.GatewayException"/> (400) naming the field when the value is not a slug.</summary>
    public static string Require(string? value, string field)
    {
        if (!IsValid(value))
        {
            throw Api.GatewayException.BadRequest(
                $"Invalid {field}",
                $"'{field}' must be 1-{MaxLength} characters of lowercase letters, digits, '-' or '_', starting and ending with a letter or digit.");
        }
        return value!;
    }
}
