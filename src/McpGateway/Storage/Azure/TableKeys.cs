using System.Text;

namespace McpGateway.Storage.Azure;

/// <summary>
/// Client-side checks on table names and PartitionKey/RowKey values, run before any request is sent.
/// Keys may not contain <c>/ \ # ?</c> or control characters (U+0000–U+001F, U+007F–U+009F), and may be at most 1 KiB
/// (measured as UTF-16, i.e. 512 characters, which is how the service sizes strings).
/// </summary>
internal static class TableKeys
{
    public const int MaxKeyBytes = 1024;

    public static void Validate(string? key, string paramName)
    {
        if (key is null)
        {
            throw new ArgumentNullException(paramName, $"{paramName} is required (it may be empty, but not null).");
        }

        if (Encoding.Unicode.GetByteCount(key) > MaxKeyBytes)
        {
            throw new ArgumentException($"{paramName} is longer than {MaxKeyBytes} bytes (UTF-16); table keys are limited to 1 KiB.", paramName);
        }

        foreach (char c in key)
        {
            if (c is '/' or '\\' or '#' or '?')
            {
                throw new ArgumentException($"{paramName} contains '{c}', which table keys may not contain (forbidden: / \\ # ? and control characters).", paramName);
            }

            if (c <= '\u001F' || (c >= '\u007F' && c <= '\u009F'))
            {
                throw new ArgumentException($"{paramName} contains the control character U+{(int)c:X4}, which table keys may not contain.", paramName);
            }
        }
    }

    /// <summary>Table names: a letter then 2–62 letters or digits.</summary>
    public static void ValidateTableName(string? tableName)
    {
        ArgumentNullException.ThrowIfNull(tableName);
        bool ok = tableName.Length is >= 3 and <= 63 && char.IsAsciiLetter(tableName[0]) && tableName.All(char.IsAsciiLetterOrDigit);
        if (!ok || tableName.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException("Table names must be 3-63 letters or digits, start with a letter, and not be 'tables'.", nameof(tableName));
        }
    }
}
