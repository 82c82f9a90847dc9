package dev.kiln.runtime.kernels;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.checks.ShapeChecks;
import dev.kiln.runtime.kernels.nd4j.Matmuls;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fully connected layer (PyTorch's {@code Linear}): one matrix product through BLAS (an op prepared
 * once per thread and arrays, {@link Matmuls}), the bias by loops; a forward of at most
 * {@link #SMALL_PRODUCT} multiply-adds entirely by loops.
 *
 * <pre>
 * forward   y  = x · wᵀ + b        y[n,u]  = b[u] + Σ_f x[n,f] · w[u,f]
 * backward  dx = dy · w            dx[n,f] = Σ_u dy[n,u] · w[u,f]
 *           dw = dyᵀ · x           dw[u,f] = Σ_n dy[n,u] · x[n,f]
 *           db = Σ_n dy[n,·]
 * </pre>
 *
 * Shapes: x and dx [N,F]; w and dw [U,F] (PyTorch's layout); b and db [U]; y and dy [N,U].
 * {@code dw} and {@code db} are overwritten; {@code dx} is overwritten or, with {@code accumulate},
 * added to (BLAS beta = 1).
 */
public final class Dense {
    /** Multiply-adds (rows × units × inputs) at or below which the forward runs as loops, not through {@code gemm}. */
    static final long SMALL_PRODUCT = 1 << 16;

    private Dense() {}

    /** y = x · wᵀ + b; {@code b} may be null (no bias). */
    public static void forward(INDArray x, INDArray w, INDArray b, INDArray y) {
        check("Dense.forward", x, w, b, "y", y);
        if (x.size(0) * w.length() <= SMALL_PRODUCT && rowMajor(x) && rowMajor(w) && rowMajor(y) && (b == null || rowMajor(b))) {
            loops(x, w, b, y);
            return;
        }
        Matmuls.run(x, w, y, false, true, false);
        if (b != null) {
            Buf yb = Buf.of(y);
            Buf bb = Buf.of(b);
            int units = (int) w.size(0);
            for (int i = 0, n = yb.length(); i < n; i++) {
                yb.add(i, bb.get(i % units));
            }
        }
    }

    /**
     * dw = ∂L/∂w and db = ∂L/∂b (overwritten; {@code db} null when there is no bias) and
     * dx = ∂L/∂x (overwritten, or added when {@code accumulate}; null when not wanted), from dy = ∂L/∂y.
     */
    public static void backward(INDArray x, INDArray w, INDArray dy, INDArray dx, boolean accumulate, INDArray dw, INDArray db) {
        check("Dense.backward", x, w, db, "dy", dy);
        same("dw", dw, "w", w);
        if (dx != null) {
            same("dx", dx, "x", x);
            Matmuls.run(dy, w, dx, false, false, accumulate);
        }
        Matmuls.run(dy, x, dw, true, false, false);
        if (db != null) {
            Buf dyb = Buf.of(dy);
            Buf dbb = Buf.of(db);
            int batch = (int) dy.size(0);
            int units = (int) dy.size(1);
            for (int u = 0; u < units; u++) {
                double sum = 0;
                for (int n = 0; n < batch; n++) {
                    sum += dyb.get(n * units + u);
                }
                dbb.set(u, sum);
            }
        }
    }

    /**
     * y = x · wᵀ + b by plain loops, summed in double: for a product this small (a classifier head
     * at batch 1 is 640 multiply-adds) ND4J's {@code gemm} call costs some 70 µs of set-up.
     */
    private static void loops(INDArray x, INDArray w, INDArray b, INDArray y) {
        Buf xs = Buf.of(x);
        Buf ws = Buf.of(w);
        Buf ys = Buf.of(y);
        Buf bs = b == null ? null : Buf.of(b);
        int rows = (int) x.size(0), inputs = (int) x.size(1), units = (int) w.size(0);
        for (int n = 0; n < rows; n++) {
            for (int u = 0; u < units; u++) {
                double sum = bs == null ? 0 : bs.get(u);
                for (int f = 0; f < inputs; f++) {
                    sum += xs.get(n * inputs + f) * ws.get(u * inputs + f);
                }
                ys.set(n * units + u, sum);
            }
        }
    }

    private static boolean rowMajor(INDArray a) {
        return a.ordering() == 'c' && (a.length() <= 1 || a.elementWiseStride() == 1) && a.data().length() >= a.length() + a.offset();
    }

    private static void check(String where, INDArray x, INDArray w, INDArray b, String yName, INDArray y) {
        if (x.rank() != 2 || w.rank() != 2 || w.size(1) != x.size(1)) {
            throw new IllegalArgumentException(where + ": x must be [N,F] and w [U,F], but x is " + ShapeChecks.shape(x)
                    + " and w " + ShapeChecks.shape(w));
        }
        if (y.rank() != 2 || y.size(0) != x.size(0) || y.size(1) != w.size(0)) {
            long[] expected = {x.size(0), w.size(0)};
            throw new IllegalArgumentException(where + ": " + yName + " must be " + ShapeChecks.shape(expected) + " for x "
                    + ShapeChecks.shape(x) + " and w " + ShapeChecks.shape(w) + ", but is " + ShapeChecks.shape(y));
        }
        if (b != null && (b.rank() != 1 || b.size(0) != w.size(0))) {
            throw new IllegalArgumentException(where + ": the bias must be [" + w.size(0) + "] for w "
                    + ShapeChecks.shape(w) + ", but is " + ShapeChecks.shape(b));
        }
        if (w.dataType() != x.dataType() || y.dataType() != x.dataType() || (b != null && b.dataType() != x.dataType())) {
            throw new IllegalArgumentException(where + ": all arrays must have x's data type " + x.dataType()
                    + ", but w is " + w.dataType() + ", " + yName + " " + y.dataType() + (b == null ? "" : ", bias " + b.dataType()));
        }
    }

    private static void same(String name, INDArray a, String refName, INDArray ref) {
        if (!Arrays.equals(a.shape(), ref.shape()) || a.dataType() != ref.dataType()) {
            throw new IllegalArgumentException("Dense.backward: " + name + " must be " + ref.dataType() + " "
                    + ShapeChecks.shape(ref) + " like " + refName + ", but is " + a.dataType() + " " + ShapeChecks.shape(a));
        }
    }
}
