using System.Text.Json.Nodes;

namespace McpGateway.Tests.Jobs;

public sealed record SseEvent(string Type, JsonObject Data);

/// <summary>Reads a text/event-stream into events (comments are counted but not returned).</summary>
public static class SseReader
{
    public static async Task<List<SseEvent>> ReadAllAsync(Stream stream, string until, TimeSpan? timeout = null, Action? onComment = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        using var reader = new StreamReader(stream);
        var events = new List<SseEvent>();
        string? type = null;
        var data = new List<string>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.StartsWith(':'))
            {
                onComment?.Invoke();
                continue;
            }
            if (line.Length == 0)
            {
                if (type is not null)
                {
                    events.Add(new SseEvent(type, JsonNode.Parse(string.Join("\n", data))!.AsObject()));
                    if (type == until)
                    {
                        return events;
                    }
                }
                type = null;
                data.Clear();
                continue;
            }
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line["data: ".Length..]);
            }
        }
        return events;
    }
}
