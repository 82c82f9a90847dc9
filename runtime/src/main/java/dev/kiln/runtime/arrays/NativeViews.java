package dev.kiln.runtime.arrays;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Views of native memory kept per thread, so that a kernel called on the same arrays every step
 * makes no garbage: ND4J's {@code asNioFloat} builds a new {@link java.nio.ByteBuffer}, a
 * {@link FloatBuffer} and a JavaCPP pointer each call, and {@link Buf#of} a {@link Buf} around
 * them. A view is keyed by what it shows (the memory's address, its length, its offset into the
 * data buffer and the view's kind), not by the Java object that asked, so a later array over the
 * same memory gets the same, still correct, view; a view holds no memory of its own and keeps
 * none alive. Kiln's loops read and write the buffers only by absolute index, never through their
 * position, so one view serves every call on its thread.
 *
 * <p>An open-addressed table per thread, doubled while it is under {@value #MAX_SLOTS} slots and
 * more than half full, and emptied when it is full at that size (a working set that large makes
 * views again, which is correct, only slower).
 */
public final class NativeViews {
    static final int FLOATS = 0;
    static final int DOUBLES = 1;
    static final int BUF = 2;

    private static final int MAX_SLOTS = 1 << 15;
    private static final ThreadLocal<NativeViews> TABLES = ThreadLocal.withInitial(NativeViews::new);

    private long[] addresses = new long[256];
    private long[] lengths = new long[256];
    private long[] offsets = new long[256];
    private int[] kinds = new int[256];
    private Object[] views = new Object[256];
    private int used;

    private NativeViews() {}

    /** This thread's table. */
    static NativeViews here() {
        return TABLES.get();
    }

    /** {@code a}'s whole float data buffer, as {@code a.data().asNioFloat()} gives it, made once per thread and memory. */
    public static FloatBuffer floatsOf(INDArray a) {
        return here().floats(a.data());
    }

    /** The whole float data buffer as a {@link FloatBuffer}, indexed as {@code asNioFloat} indexes it. */
    FloatBuffer floats(DataBuffer data) {
        Object v = find(data.address(), data.length(), data.offset(), FLOATS);
        if (v == null) {
            v = data.asNioFloat();
            put(data.address(), data.length(), data.offset(), FLOATS, v);
        }
        return (FloatBuffer) v;
    }

    /** The whole double data buffer as a {@link DoubleBuffer}. */
    DoubleBuffer doubles(DataBuffer data) {
        Object v = find(data.address(), data.length(), data.offset(), DOUBLES);
        if (v == null) {
            v = data.asNioDouble();
            put(data.address(), data.length(), data.offset(), DOUBLES, v);
        }
        return (DoubleBuffer) v;
    }

    /** The {@link Buf} of {@code length} elements from element {@code offset} of {@code data}, or null when not made yet. */
    Buf buf(DataBuffer data, long offset, long length) {
        return (Buf) find(data.address() + offset * data.getElementSize(), length, data.offset(), kindOf(data));
    }

    void putBuf(DataBuffer data, long offset, long length, Buf view) {
        put(data.address() + offset * data.getElementSize(), length, data.offset(), kindOf(data), view);
    }

    private static int kindOf(DataBuffer data) {
        return BUF + data.getElementSize();
    }

    private Object find(long address, long length, long offset, int kind) {
        int mask = views.length - 1;
        for (int i = hash(address, length, kind) & mask; views[i] != null; i = (i + 1) & mask) {
            if (addresses[i] == address && lengths[i] == length && offsets[i] == offset && kinds[i] == kind) {
                return views[i];
            }
        }
        return null;
    }

    private void put(long address, long length, long offset, int kind, Object view) {
        if (2 * (used + 1) > views.length) {
            if (views.length < MAX_SLOTS) {
                grow();
            } else {
                clear();
            }
        }
        int mask = views.length - 1;
        int i = hash(address, length, kind) & mask;
        while (views[i] != null) {
            i = (i + 1) & mask;
        }
        addresses[i] = address;
        lengths[i] = length;
        offsets[i] = offset;
        kinds[i] = kind;
        views[i] = view;
        used++;
    }

    private void grow() {
        long[] a = addresses;
        long[] l = lengths;
        long[] o = offsets;
        int[] k = kinds;
        Object[] v = views;
        allocate(v.length * 2);
        for (int i = 0; i < v.length; i++) {
            if (v[i] != null) {
                put(a[i], l[i], o[i], k[i], v[i]);
            }
        }
    }

    private void clear() {
        allocate(views.length);
    }

    private void allocate(int slots) {
        addresses = new long[slots];
        lengths = new long[slots];
        offsets = new long[slots];
        kinds = new int[slots];
        views = new Object[slots];
        used = 0;
    }

    private static int hash(long address, long length, int kind) {
        long h = (address >>> 4) * 0x9E3779B97F4A7C15L + length * 31 + kind;
        return (int) (h ^ (h >>> 32));
    }
}
