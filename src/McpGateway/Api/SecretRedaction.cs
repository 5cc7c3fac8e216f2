using System.Text.RegularExpressions;

namespace McpGateway.Api;

/// <summary>
/// Hides what looks like a secret in a registration before it is shown (<c>GET /gateway/registry</c>, the register answer);
/// the registry itself keeps the real values. Endpoints: the whole user-info (a user name is often a token) and every query
/// value. Arguments: the value of a flag whose name looks secret (<c>--token=x</c>, <c>--api-key x</c>), of a
/// <c>NAME=value</c> whose name does (<c>-e GITHUB_TOKEN=x</c>), and URLs as endpoints.
/// </summary>
internal static partial class SecretRedaction
{
    public const string Mask = "***";

    private static readonly string[] SecretWords = ["token", "key", "secret", "password", "passwd", "pwd", "auth", "credential"];

    /// <summary>The endpoint with its user-info and every query (and fragment) value replaced by <see cref="Mask"/>.</summary>
    public static string Endpoint(string endpoint)
    {
        var schemeEnd = endpoint.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return endpoint;
        }
        var authorityStart = schemeEnd + 3;
        var authorityEnd = endpoint.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = endpoint.Length;
        }
        var authority = endpoint[authorityStart..authorityEnd];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = Mask + authority[at..];
        }
        var rest = endpoint[authorityEnd..];
        var fragment = rest.IndexOf('#');
        if (fragment >= 0)
        {
            rest = rest[..fragment] + (fragment + 1 < rest.Length ? "#" + Mask : "#");
        }
        var query = rest.IndexOf('?');
        if (query >= 0)
        {
            var end = rest.IndexOf('#', query);
            var queryText = end < 0 ? rest[(query + 1)..] : rest[(query + 1)..end];
            var masked = string.Join('&', queryText.Split('&').Select(MaskParameter));
            rest = rest[..(query + 1)] + masked + (end < 0 ? "" : rest[end..]);
        }
        return endpoint[..authorityStart] + authority + rest;
    }

    private static string MaskParameter(string parameter)
    {
        if (parameter.Length == 0)
        {
            return parameter;
        }
        var equals = parameter.IndexOf('=');
        return equals < 0 ? Mask : parameter[..(equals + 1)] + Mask;
    }

    /// <summary>The arguments with secret-looking values replaced by <see cref="Mask"/>.</summary>
    public static List<string> Args(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (FlagWithValue().Match(arg) is { Success: true } flagWithValue)
            {
                result.Add(LooksSecret(flagWithValue.Groups["name"].Value) ? flagWithValue.Groups["flag"].Value + "=" + Mask : MaskUrls(arg));
            }
            else if (Flag().Match(arg) is { Success: true } flag && LooksSecret(flag.Groups["name"].Value)
                && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                result.Add(arg);
                result.Add(Mask);
                i++;
            }
            else if (Assignment().Match(arg) is { Success: true } assignment && LooksSecret(assignment.Groups["name"].Value))
            {
                result.Add(assignment.Groups["name"].Value + "=" + Mask);
            }
            else
            {
                result.Add(MaskUrls(arg));
            }
        }
        return result;
    }

    /// <summary>Whether a flag or variable name looks like it names a secret (token, key, secret, password, auth, credential...).</summary>
    public static bool LooksSecret(string name)
    {
        foreach (var word in SecretWords)
        {
            if (name.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static string MaskUrls(string arg) => Url().Replace(arg, m => Endpoint(m.Value));

    [GeneratedRegex(@"^(?<flag>--?(?<name>[A-Za-z0-9][A-Za-z0-9_.\-]*))=", RegexOptions.CultureInvariant)]
    private static partial Regex FlagWithValue();

    [GeneratedRegex(@"^--?(?<name>[A-Za-z0-9][A-Za-z0-9_.\-]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex Flag();

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_.\-]*)=", RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();

    [GeneratedRegex(@"[A-Za-z][A-Za-z0-9+.\-]*://[^\s""'<>]+", RegexOptions.CultureInvariant)]
    private static partial Regex Url();
}
