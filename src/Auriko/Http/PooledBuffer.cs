using System;
using System.Buffers;

namespace Auriko.Http
{
    /// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}"/>: request bodies and response bodies live here, not in strings.</summary>
    internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer;
        private int _length;

        public PooledBuffer(int initialSize = 4096)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(initialSize);
        }

        public int Length => _length;

        public byte[] Array => _buffer;

        public ArraySegment<byte> Segment => new ArraySegment<byte>(_buffer, 0, _length);

        public ReadOnlyMemory<byte> Memory => new ReadOnlyMemory<byte>(_buffer, 0, _length);

        public void Advance(int count) => _length += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new Memory<byte>(_buffer, _length, _buffer.Length - _length);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return new Span<byte>(_buffer, _length, _buffer.Length - _length);
        }

        /// <summary>Makes room for at least <paramref name="sizeHint"/> more bytes (at least one).</summary>
        public void Ensure(int sizeHint)
        {
            var needed = _length + Math.Max(sizeHint, 1);
            if (needed <= _buffer.Length)
            {
                return;
            }

            var next = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            Buffer.BlockCopy(_buffer, 0, next, 0, _length);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = next;
        }

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = System.Array.Empty<byte>();
            _length = 0;
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
