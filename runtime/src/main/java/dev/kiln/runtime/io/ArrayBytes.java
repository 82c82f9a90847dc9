package dev.kiln.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Moves the elements of an ND4J array to and from a stream of little-endian bytes, in chunks
 * through one small buffer, whatever the machine's byte order. Arrays up to 2 GiB of data.
 */
final class ArrayBytes {
    static final long MAX_BYTES = Integer.MAX_VALUE - 64;
    private static final int CHUNK = 1 << 16; // a multiple of every element width

    private ArrayBytes() {}

    /** Where the bytes go. */
    interface Sink {
        void accept(byte[] bytes, int length) throws IOException;
    }

    /** The bytes of {@code a}'s elements in C order; {@code a} must be {@link #isPlain}. */
    static void write(INDArray a, Sink sink) throws IOException {
        long total = a.length() * a.dataType().width();
        if (total == 0) {
            return;
        }
        ByteBuffer memory = a.data().asNio();
        byte[] chunk = new byte[CHUNK];
        ByteBuffer out = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        for (int done = 0; done < total; ) {
            int n = (int) Math.min(CHUNK, total - done);
            ByteBuffer in = memory.slice(done, n).order(ByteOrder.nativeOrder());
            out.clear();
            copy(in, out, a.dataType().width());
            sink.accept(chunk, n);
            done += n;
        }
    }

    /** Fills the fresh array {@code a} from little-endian bytes of {@code in}; an early end is a {@link NpzFormatException}. */
    static void read(InputStream in, INDArray a, Where at) throws IOException {
        long total = a.length() * a.dataType().width();
        if (total == 0) {
            return;
        }
        ByteBuffer memory = a.data().asNio();
        byte[] chunk = new byte[CHUNK];
        for (int done = 0; done < total; ) {
            int n = (int) Math.min(CHUNK, total - done);
            int got = in.readNBytes(chunk, 0, n);
            if (got < n) {
                throw at.error("truncated: the data ends after " + (done + got) + " of " + total + " bytes");
            }
            ByteBuffer out = memory.slice(done, n).order(ByteOrder.nativeOrder());
            copy(ByteBuffer.wrap(chunk, 0, n).order(ByteOrder.LITTLE_ENDIAN), out, a.dataType().width());
            done += n;
        }
    }

    /** Whether {@code a} owns a dense C-order buffer of exactly its elements, so its memory can be read in order. */
    static boolean isPlain(INDArray a) {
        return a.isEmpty() || (!a.isView() && a.ordering() == 'c' && a.offset() == 0 && a.data().length() == a.length());
    }

    /** Copies whole elements from {@code in} to {@code out}, converting between their byte orders. */
    private static void copy(ByteBuffer in, ByteBuffer out, int width) {
        if (width == 4) {
            out.asIntBuffer().put(in.asIntBuffer());
        } else if (width == 8) {
            out.asLongBuffer().put(in.asLongBuffer());
        } else {
            throw new IllegalArgumentException("ArrayBytes: element width " + width + " is not supported");
        }
    }
}
