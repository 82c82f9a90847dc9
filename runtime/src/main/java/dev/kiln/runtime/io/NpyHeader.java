package dev.kiln.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The header of one {@code .npy} array (NumPy's format; version 1.0 written, 1.0 to 3.0 read):
 * the magic {@code \x93NUMPY}, two version bytes, the little-endian length of a Python dict
 * literal such as {@code {'descr': '<f4', 'fortran_order': False, 'shape': (16, 3, 3, 3), }},
 * and the dict, padded with spaces to end in {@code '\n'} at a multiple of 64 bytes. Only
 * little-endian {@code <f4 <f8 <i4 <i8} in C order are accepted.
 */
final class NpyHeader {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_DICT = 1 << 16;
    private static final int MAX_RANK = 32;

    final DataType type;
    final long[] shape;
    /** Bytes before the data. */
    final long length;

    private NpyHeader(DataType type, long[] shape, long length) {
        this.type = type;
        this.shape = shape;
        this.length = length;
    }

    /** {@code <f4} for FLOAT, {@code <f8} DOUBLE, {@code <i4} INT, {@code <i8} LONG; null for any other type. */
    static String descr(DataType type) {
        if (type == DataType.FLOAT) {
            return "<f4";
        } else if (type == DataType.DOUBLE) {
            return "<f8";
        } else if (type == DataType.INT32) {
            return "<i4";
        } else if (type == DataType.INT64) {
            return "<i8";
        }
        return null;
    }

    /** A version 1.0 header for a C-order array of {@code type} (one {@link #descr} knows) and {@code shape}. */
    static byte[] encode(DataType type, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(dims.length() == 0 ? "" : ", ").append(d);
        }
        if (shape.length == 1) {
            dims.append(',');
        }
        byte[] dict = ("{'descr': '" + descr(type) + "', 'fortran_order': False, 'shape': (" + dims + "), }")
                .getBytes(StandardCharsets.US_ASCII);
        int length = (10 + dict.length + 1 + 63) / 64 * 64;
        byte[] out = new byte[length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = 1; // version 1.0
        out[8] = (byte) (length - 10);
        out[9] = (byte) ((length - 10) >>> 8);
        System.arraycopy(dict, 0, out, 10, dict.length);
        Arrays.fill(out, 10 + dict.length, length - 1, (byte) ' ');
        out[length - 1] = '\n';
        return out;
    }

    /** Reads and checks the header at the start of an entry of {@code entryBytes} bytes. */
    static NpyHeader read(InputStream in, long entryBytes, Where at) throws IOException {
        byte[] head = in.readNBytes(8);
        if (head.length < 8 || !Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC)) {
            throw at.error("not a .npy array: expected the magic \\x93NUMPY, but the entry starts "
                    + (head.length == 0 ? "empty" : "with " + hex(head)));
        }
        int major = head[6] & 0xff;
        int minor = head[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw at.error(".npy version " + major + "." + minor + " is not supported; expected 1.0, 2.0 or 3.0");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        byte[] len = in.readNBytes(lengthBytes);
        if (len.length < lengthBytes) {
            throw at.error("truncated: the entry ends inside the .npy header");
        }
        long dictLength = 0;
        for (int b = lengthBytes - 1; b >= 0; b--) {
            dictLength = dictLength << 8 | (len[b] & 0xff);
        }
        long prefix = 8 + lengthBytes;
        if (dictLength > MAX_DICT || prefix + dictLength > entryBytes) {
            throw at.error("header claims a dict of " + dictLength + " bytes, but at most "
                    + Math.max(0, Math.min(MAX_DICT, entryBytes - prefix)) + " can follow in the entry");
        }
        byte[] text = in.readNBytes((int) dictLength);
        if (text.length < dictLength) {
            throw at.error("truncated: the entry ends inside the .npy header");
        }
        String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return fromDict(NpyDict.parse(dict, at, MAX_RANK), prefix + dictLength, at);
    }

    private static NpyHeader fromDict(Map<String, Object> fields, long length, Where at) throws NpzFormatException {
        if (!fields.keySet().equals(Set.of("descr", "fortran_order", "shape"))) {
            throw at.error("header must have the keys descr, fortran_order and shape, but has " + fields.keySet());
        }
        Object descr = fields.get("descr");
        DataType type = null;
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE, DataType.INT32, DataType.INT64}) {
            if (descr(t).equals(descr)) {
                type = t;
            }
        }
        if (type == null) {
            throw at.error("dtype " + (descr instanceof String ? "'" + descr + "'" : String.valueOf(descr))
                    + " is not supported; expected '<f4' (FLOAT), '<f8' (DOUBLE), '<i4' (INT) or '<i8' (LONG)");
        }
        Object order = fields.get("fortran_order");
        if (!Boolean.FALSE.equals(order)) {
            throw at.error("fortran_order is " + (Boolean.TRUE.equals(order) ? "True" : order)
                    + "; expected False (C order): save numpy.ascontiguousarray(a) instead");
        }
        if (!(fields.get("shape") instanceof long[])) {
            throw at.error("shape must be a tuple of integers, but is " + fields.get("shape"));
        }
        return new NpyHeader(type, (long[]) fields.get("shape"), length);
    }

    /** The number of elements of {@code shape}, or -1 if it overflows a long. */
    static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d != 0 && n > Long.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02x", b & 0xff));
        }
        return s.toString();
    }
}
