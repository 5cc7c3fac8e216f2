using System.Text;
using System.Text.Json;
using McpGateway.Buffers;

namespace McpGateway.Tests.Buffers;

public class PooledBufferWriterTests
{
    [Fact]
    public void It_keeps_what_was_written_while_it_grows_past_its_first_buffer()
    {
        using var buffer = new PooledBufferWriter();
        var text = new string('x', 20_000);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("first", "a");
            writer.WriteString("big", text);
            writer.WriteString("last", "z");
            writer.WriteEndObject();
        }

        var parsed = JsonDocument.Parse(buffer.WrittenMemory).RootElement;
        Assert.Equal("a", parsed.GetProperty("first").GetString());
        Assert.Equal(text, parsed.GetProperty("big").GetString());
        Assert.Equal("z", parsed.GetProperty("last").GetString());
        Assert.Equal(buffer.WrittenCount, Encoding.UTF8.GetByteCount(parsed.GetRawText()));
    }

    [Fact]
    public void It_refuses_to_advance_past_its_buffer_and_to_be_used_after_dispose()
    {
        var buffer = new PooledBufferWriter();
        var length = buffer.GetSpan(10).Length;
        Assert.Throws<InvalidOperationException>(() => buffer.Advance(length + 1));
        buffer.Dispose();
        buffer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => buffer.GetSpan());
        Assert.Throws<ObjectDisposedException>(() => buffer.WrittenMemory);
    }
}
