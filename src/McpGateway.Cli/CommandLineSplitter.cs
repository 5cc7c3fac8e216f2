using System.Text;

namespace McpGateway.Cli;

/// <summary>Splits <c>--command "python server.py --flag 'a b'"</c> into a program and its arguments (POSIX-shell quoting, no expansion).</summary>
internal static class CommandLineSplitter
{
    public static List<string> Split(string text)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var inPart = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else if (c == '\\' && quote == '"' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    current.Append(text[++i]);
                }
                else
                {
                    current.Append(c);
                }
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (inPart)
                {
                    parts.Add(current.ToString());
                    current.Clear();
                    inPart = false;
                }
                continue;
            }
            inPart = true;
            if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                current.Append(text[++i]);
            }
            else
            {
                current.Append(c);
            }
        }
        if (quote is not null)
        {
            throw new UsageException($"Unterminated {quote} quote in --command \"{text}\".");
        }
        if (inPart)
        {
            parts.Add(current.ToString());
        }
        return parts;
    }
}
