using System.Buffers;

namespace McpGateway.Buffers;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>, for the JSON the gateway
/// writes on every call (request lines to stdio servers, response bodies). An <see cref="ArrayBufferWriter{T}"/> allocates
/// per call, and twice when small: <see cref="System.Text.Json.Utf8JsonWriter"/> asks for 4 KB at its first write. Dispose
/// it once what it holds has been written out; its memory goes back to the pool.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int DefaultCapacity = 4096;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(DefaultCapacity);
    private int _written;

    public ReadOnlyMemory<byte> WrittenMemory => Buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => Buffer.AsSpan(0, _written);

    public int WrittenCount => _written;

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(PooledBufferWriter));

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Buffer.Length - _written)
        {
            throw new InvalidOperationException("Cannot advance past the end of the buffer.");
        }
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Ensure(sizeHint).AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => Ensure(sizeHint).AsSpan(_written);

    private byte[] Ensure(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var buffer = Buffer;
        var needed = Math.Max(sizeHint, 1);
        if (buffer.Length - _written >= needed)
        {
            return buffer;
        }
        var larger = ArrayPool<byte>.Shared.Rent(checked(Math.Max(buffer.Length * 2, _written + needed)));
        buffer.AsSpan(0, _written).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        _buffer = larger;
        return larger;
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _written = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
