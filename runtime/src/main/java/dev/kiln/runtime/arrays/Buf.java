package dev.kiln.runtime.arrays;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element access to the memory of a contiguous, row-major FLOAT or DOUBLE array, so that each
 * kernel is written once as a plain loop and runs in float32 for training and in float64 for
 * gradient checks. Within one run a call site sees one subclass, so the JIT inlines it.
 */
public abstract class Buf {
    Buf() {}

    /**
     * A view of {@code a}'s elements in row-major order; {@code a} must be a dense 'c'-order array.
     * Views are kept per thread and memory ({@link NativeViews}): the same array, or another over
     * the same memory, gets the same view again, and a steady-state step makes none.
     */
    public static Buf of(INDArray a) {
        if (a.ordering() != 'c' || !a.isR() || a.data().length() < a.length() + a.offset()
                || (a.length() > 1 && a.elementWiseStride() != 1)) {
            throw new IllegalArgumentException("Kiln kernels need a dense row-major FLOAT or DOUBLE array, but got "
                    + a.dataType() + " " + a.shapeInfoToString().replace('\n', ' '));
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("Kiln kernels run in FLOAT or DOUBLE, but got " + a.dataType());
        }
        DataBuffer data = a.data();
        NativeViews views = NativeViews.here();
        Buf view = views.buf(data, a.offset(), a.length());
        if (view == null) {
            int offset = Math.toIntExact(a.offset());
            int length = Math.toIntExact(a.length());
            view = a.dataType() == DataType.FLOAT
                    ? new F(views.floats(data), offset, length)
                    : new D(views.doubles(data), offset, length);
            views.putBuf(data, a.offset(), a.length(), view);
        }
        return view;
    }

    public abstract int length();

    public abstract double get(int i);

    public abstract void set(int i, double v);

    /** {@code this[i] += v}. */
    public abstract void add(int i, double v);

    /** {@code this[i] = v} or, when {@code accumulate}, {@code this[i] += v}. */
    public final void put(int i, double v, boolean accumulate) {
        if (accumulate) {
            add(i, v);
        } else {
            set(i, v);
        }
    }

    static final class F extends Buf {
        private final FloatBuffer b;
        private final int offset;
        private final int length;

        F(FloatBuffer b, int offset, int length) {
            this.b = b;
            this.offset = offset;
            this.length = length;
        }

        @Override public int length() {
            return length;
        }

        @Override public double get(int i) {
            return b.get(offset + i);
        }

        @Override public void set(int i, double v) {
            b.put(offset + i, (float) v);
        }

        @Override public void add(int i, double v) {
            b.put(offset + i, (float) (b.get(offset + i) + v));
        }
    }

    static final class D extends Buf {
        private final DoubleBuffer b;
        private final int offset;
        private final int length;

        D(DoubleBuffer b, int offset, int length) {
            this.b = b;
            this.offset = offset;
            this.length = length;
        }

        @Override public int length() {
            return length;
        }

        @Override public double get(int i) {
            return b.get(offset + i);
        }

        @Override public void set(int i, double v) {
            b.put(offset + i, v);
        }

        @Override public void add(int i, double v) {
            b.put(offset + i, b.get(offset + i) + v);
        }
    }
}
