using System.Text.Json;
using System.Text.Json.Serialization;

namespace McpGateway.Jobs;

/// <summary>The queue message of a job: only its id; the record in the store is the truth.</summary>
public sealed record JobMessage([property: JsonPropertyName("job_id")] string JobId)
{
    public string Serialize() => JsonSerializer.Serialize(this, JobMessageJson.Default.JobMessage);

    public static JobMessage? TryParse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize(text, JobMessageJson.Default.JobMessage) is { JobId.Length: > 0 } message ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

[JsonSerializable(typeof(JobMessage))]
internal sealed partial class JobMessageJson : JsonSerializerContext;
