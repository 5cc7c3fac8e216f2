using Azure;

namespace McpGateway.Storage.Azure;

/// <summary>
/// What this process last saw of a job's record row: where it is (never changes), and, when <see cref="Version"/> &gt; 0,
/// its version, ETag and chunk set. An update whose version matches goes straight to an If-Match write.
/// </summary>
internal sealed record JobRowState(string Partition, string Row, long Version = 0, ETag ETag = default, string? ChunkSet = null, int Chunks = 0);
