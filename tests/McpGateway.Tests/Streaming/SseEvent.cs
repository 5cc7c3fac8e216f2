using System.Text.Json.Nodes;

namespace McpGateway.Tests.Streaming;

/// <summary>One server-sent event as read off the wire; comments (keep-alives) come through with <see cref="Comment"/> set.</summary>
public sealed record SseEvent(string? Event, JsonNode? Data, string? Comment = null)
{
    /// <summary>Reads events (and comments) from a text/event-stream body until it ends.</summary>
    public static async IAsyncEnumerable<SseEvent> ReadAsync(Stream body)
    {
        using var reader = new StreamReader(body);
        string? name = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null || data.Count > 0)
                {
                    yield return new SseEvent(name, data.Count > 0 ? JsonNode.Parse(string.Join('\n', data)) : null);
                }
                name = null;
                data.Clear();
            }
            else if (line.StartsWith(':'))
            {
                yield return new SseEvent(null, null, line[1..].Trim());
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line["event:".Length..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line["data:".Length..].TrimStart());
            }
        }
    }
}
