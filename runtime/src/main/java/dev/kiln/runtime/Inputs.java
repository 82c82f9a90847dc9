package dev.kiln.runtime;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checks what a user hands a network, with messages that say what was expected and what came. */
public final class Inputs {
    private Inputs() {}

    /** The batch size of {@code input}, after checking rank, example shape and element type. */
    public static int batch(String network, INDArray input, long[] exampleShape, DataType type) {
        if (input == null) {
            throw new IllegalArgumentException(network + ": input is null; expected [N, " + join(exampleShape) + "]");
        }
        long[] shape = input.shape();
        if (shape.length != exampleShape.length + 1) {
            throw new IllegalArgumentException(network + ": input must have rank " + (exampleShape.length + 1)
                    + " [N, " + join(exampleShape) + "], but has rank " + shape.length + " " + Arrays.toString(shape));
        }
        if (!sameExampleShape(shape, exampleShape)) {
            throw new IllegalArgumentException(network + ": input must be [N, " + join(exampleShape) + "], but is "
                    + Arrays.toString(shape) + " (wrong channels or size)");
        }
        if (shape[0] < 1) {
            throw new IllegalArgumentException(network + ": input has batch size 0; give at least one example");
        }
        if (input.dataType() != type) {
            throw new IllegalArgumentException(network + ": input must be " + type + ", but is " + input.dataType()
                    + "; convert it with input.castTo(DataType." + type + ")");
        }
        return Math.toIntExact(shape[0]);
    }

    /** Throws if {@code input} holds a NaN or an infinity, naming the first one's index. */
    public static void requireFinite(String network, INDArray input) {
        NonFinite.describe("input", input).ifPresent(d -> {
            throw new IllegalArgumentException(network + ": " + d + "; inputs must be finite");
        });
    }

    /** Copies the class indices of {@code labels} ({@code [N]} or {@code [N,1]}, any numeric type) into {@code out}, checking each. */
    public static void labels(String network, INDArray labels, int batch, int classes, int[] out) {
        if (labels == null) {
            throw new IllegalArgumentException(network + ": labels are null; expected " + batch + " class indices");
        }
        if (labels.length() != batch || labels.rank() > 2) {
            throw new IllegalArgumentException(network + ": expected " + batch + " labels (one class index per example, shape ["
                    + batch + "]), but got shape " + Arrays.toString(labels.shape()));
        }
        // An array of its own (not a view), dense, holds label i as element i of its buffer: read it
        // there, since INDArray.getDouble(i) makes an index array on every call. Views, whose
        // offsets and strides ND4J keeps in more than one place, go the general way.
        boolean plain = !labels.isView() && labels.elementWiseStride() == 1;
        DataBuffer data = labels.data();
        for (int i = 0; i < batch; i++) {
            double v = plain ? data.getDouble(i) : labels.getDouble(i);
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new IllegalArgumentException(network + ": label " + i + " is " + v + ", but labels must be class indices in [0, "
                        + classes + ")");
            }
            out[i] = (int) v;
        }
    }

    /** Whether {@code shape} is [N, exampleShape…], without copying it. */
    private static boolean sameExampleShape(long[] shape, long[] exampleShape) {
        for (int d = 0; d < exampleShape.length; d++) {
            if (shape[d + 1] != exampleShape[d]) {
                return false;
            }
        }
        return true;
    }

    private static String join(long[] dims) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            s.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return s.toString();
    }
}
