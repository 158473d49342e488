using System;
using System.Buffers;

namespace Auriko.Http
{
    /// <summary>A growable byte buffer rented from <see cref="ArrayPool{T}"/>: request bodies and response bodies live here, not in strings.</summary>
    internal sealed class PooledBuffer : IBufferWriter<byte>, IDisposable
    {
        /// <summary>
        /// Arrays above this size are allocated and left to the GC instead of pooled: the shared pool keeps what it is
        /// given, so one huge (or refused oversized) response would otherwise stay resident for the life of the process.
        /// </summary>
        private const int MaxPooledArray = 1024 * 1024;

        private readonly int _maxCapacity;
        private byte[] _buffer;
        private int _length;

        /// <param name="initialSize">The first array's size.</param>
        /// <param name="maxCapacity">Growth stops here: a reader that refuses bodies over a cap never needs more than cap + 1 bytes.</param>
        public PooledBuffer(int initialSize = 4096, int maxCapacity = int.MaxValue)
        {
            _maxCapacity = maxCapacity;
            _buffer = Rent(Math.Min(initialSize, maxCapacity));
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

            var doubled = _buffer.Length > int.MaxValue / 2 ? int.MaxValue : _buffer.Length * 2;
            var next = Rent(Math.Max(needed, Math.Min(doubled, _maxCapacity)));
            Buffer.BlockCopy(_buffer, 0, next, 0, _length);
            Release(_buffer);
            _buffer = next;
        }

        public void Dispose()
        {
            var buffer = _buffer;
            _buffer = System.Array.Empty<byte>();
            _length = 0;
            if (buffer.Length > 0)
            {
                Release(buffer);
            }
        }

        private static byte[] Rent(int size) => size > MaxPooledArray ? new byte[size] : ArrayPool<byte>.Shared.Rent(size);

        private static void Release(byte[] array)
        {
            if (array.Length <= MaxPooledArray)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}
