using System.Text;

namespace McpGateway.Security;

/// <summary>Makes an untrusted value safe for one log line or audit field: control characters (newlines too) become spaces, length is capped.</summary>
public static class LogSanitizer
{
    public const int DefaultMaxLength = 200;

    public static string Clean(string? value, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var length = Math.Min(value.Length, maxLength);
        var clean = true;
        for (var i = 0; i < length; i++)
        {
            if (char.IsControl(value[i]) || value[i] is '\u2028' or '\u2029')
            {
                clean = false;
                break;
            }
        }
        if (clean && value.Length <= maxLength)
        {
            return value;
        }
        var builder = new StringBuilder(length + 1);
        for (var i = 0; i < length; i++)
        {
            var c = value[i];
            builder.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c);
        }
        if (value.Length > maxLength)
        {
            builder.Append('…');
        }
        return builder.ToString();
    }

    public static string? CleanOrNull(string? value, int maxLength = DefaultMaxLength) => value is null ? null : Clean(value, maxLength);
}
