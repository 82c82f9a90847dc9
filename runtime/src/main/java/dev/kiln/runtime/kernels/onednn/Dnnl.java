package dev.kiln.runtime.kernels.onednn;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_get_size;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_init_by_tag;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.Optional;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN 2.5, called directly through JavaCPP's presets: the library, loaded once, its CPU
 * engine, and what the channels-last convolution engines of {@code kernels.conv} build their
 * primitives from (memory descriptors and objects, reorders, streams, and {@link Call}, a
 * primitive set up once with its arguments). Kiln calls oneDNN itself for the convolutions ND4J
 * runs slowly: ND4J 1.0.0-M2.1 runs {@code conv2d} and {@code conv2d_bp} through the oneDNN built
 * into it, declaring its tensors so that every one is copied into a blocked layout and back, and
 * zeroes the input gradient first (docs/performance.md). The preset is at JavaCPP 1.5.7, ND4J's
 * own release.
 *
 * <p>The library loads on first use. Where it cannot (no Linux x86-64 natives, or
 * {@code -Dkiln.dnnl=false}), {@link #unavailable()} says why and the convolutions run on ND4J
 * alone, to the same results.
 */
public final class Dnnl {
    private static final String DISABLED = "kiln.dnnl";
    private static final Optional<String> UNAVAILABLE;
    private static final dnnl_engine ENGINE = new dnnl_engine();

    static {
        String why = null;
        if ("false".equalsIgnoreCase(System.getProperty(DISABLED))) {
            why = "switched off with -D" + DISABLED + "=false";
        } else {
            try {
                Loader.load(org.bytedeco.dnnl.global.dnnl.class);
                ok(dnnl_engine_create(ENGINE, dnnl_cpu, 0), "creating the CPU engine");
            } catch (Throwable t) { // UnsatisfiedLinkError, NoClassDefFoundError, a failed status
                why = "oneDNN did not load: " + t;
            }
        }
        UNAVAILABLE = Optional.ofNullable(why);
    }

    private Dnnl() {}

    /** Why oneDNN cannot be used here, or empty when it can. */
    public static Optional<String> unavailable() {
        return UNAVAILABLE;
    }

    /** Whether oneDNN loaded and its CPU engine was created. */
    public static boolean available() {
        return UNAVAILABLE.isEmpty();
    }

    /** Throws, naming the call, when a oneDNN call did not succeed. */
    public static void ok(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN: " + what + " failed with status " + status);
        }
    }

    /** A float32 4-D memory descriptor of dims (oneDNN's logical order N, C, H, W) in layout {@code tag}. */
    public static dnnl_memory_desc_t desc(long[] dims, int tag) {
        dnnl_memory_desc_t d = new dnnl_memory_desc_t();
        ok(dnnl_memory_desc_init_by_tag(d, dims.length, dims, dnnl_f32, tag), "a memory descriptor");
        return d;
    }

    /** A memory object of descriptor {@code d} over no buffer yet ({@link Call#bind}). */
    public static dnnl_memory memory(dnnl_memory_desc_t d) {
        dnnl_memory m = new dnnl_memory();
        ok(dnnl_memory_create(m, d, ENGINE, (Pointer) null), "a memory object");
        return m;
    }

    /**
     * The primitive descriptor of an operation's description ({@code dnnl_convolution_desc_t},
     * {@code dnnl_batch_normalization_desc_t}, …) on the CPU engine, with {@code attr} and the
     * forward {@code hint} of a backward (either may be null); the caller frees it ({@link #free}).
     */
    public static dnnl_primitive_desc descriptor(Pointer operation, dnnl_primitive_attr attr, dnnl_primitive_desc hint,
                                                 String what) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        ok(dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(operation), attr, ENGINE, hint), what);
        return pd;
    }

    public static dnnl_primitive primitive(dnnl_primitive_desc pd, String what) {
        dnnl_primitive p = new dnnl_primitive();
        ok(dnnl_primitive_create(p, pd), what);
        return p;
    }

    /** Frees primitive descriptors the caller made; primitives keep copies of what they need. */
    public static void free(dnnl_primitive_desc... descriptors) {
        for (dnnl_primitive_desc d : descriptors) {
            if (d != null) {
                dnnl_primitive_desc_destroy(d);
            }
        }
    }

    /** A float32 scratch array the size of a memory of descriptor {@code d}. */
    public static INDArray scratch(dnnl_memory_desc_t d) {
        return Nd4j.create(DataType.FLOAT, dnnl_memory_desc_get_size(d) / Float.BYTES);
    }

    /** A reorder from layout {@code from} to {@code to}, as a call with arguments 0 (from) and 1 (to). */
    public static Call reorder(dnnl_memory_desc_t from, dnnl_memory_desc_t to, String what) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        ok(dnnl_reorder_primitive_desc_create(pd, from, ENGINE, to, ENGINE, null), what);
        Call call = new Call(primitive(pd, what), what, new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, memory(from), memory(to));
        free(pd);
        return call;
    }

    /** Frees the calls that are not null. */
    public static void close(Call... calls) {
        for (Call c : calls) {
            if (c != null) {
                c.close();
            }
        }
    }

    public static dnnl_engine engine() {
        return ENGINE;
    }

    /** A stream of one's own: oneDNN streams are not to be shared between threads. */
    public static dnnl_stream stream() {
        dnnl_stream s = new dnnl_stream();
        ok(dnnl_stream_create(s, ENGINE, dnnl_stream_default_flags), "creating a stream");
        return s;
    }

    /** A primitive with its arguments, set up once and run many times without allocating. */
    public static final class Call {
        private final dnnl_primitive primitive;
        private final dnnl_exec_arg_t args;
        private final dnnl_memory[] memories;
        /** The buffer each argument points at now: binding the same one again costs nothing. */
        private final DataBuffer[] bound;
        private final String what;

        /** {@code kinds[i]} (DNNL_ARG_…) is {@code memories[i]}. */
        public Call(dnnl_primitive primitive, String what, int[] kinds, dnnl_memory... memories) {
            this.primitive = primitive;
            this.what = what;
            this.memories = memories;
            this.bound = new DataBuffer[memories.length];
            this.args = new dnnl_exec_arg_t(kinds.length);
            for (int i = 0; i < kinds.length; i++) {
                args.position(i).arg(kinds[i]).memory(memories[i]);
            }
            args.position(0);
        }

        /**
         * Points argument {@code i} at {@code a}'s buffer (dense float32 from its start, checked by
         * the caller); a buffer already bound there is not bound again, which keeps a call on the
         * same arrays free of native calls and garbage.
         */
        public Call bind(int i, INDArray a) {
            DataBuffer d = a.data();
            if (bound[i] != d) {
                ok(dnnl_memory_set_data_handle(memories[i], d.addressPointer()), what + ": binding an argument");
                bound[i] = d;
            }
            return this;
        }

        /** Frees the primitive and its memory objects (not the arrays bound to them); the call is not to be run again. */
        public void close() {
            dnnl_primitive_destroy(primitive);
            for (dnnl_memory m : memories) {
                dnnl_memory_destroy(m);
            }
            args.close();
        }

        public void run(dnnl_stream stream) {
            submit(stream);
            int status = dnnl_stream_wait(stream);
            if (status != dnnl_success) {
                ok(status, what + ": waiting");
            }
        }

        /** Runs the primitive without waiting for it: for a call whose result the next call on the same stream reads. */
        public void submit(dnnl_stream stream) {
            ok(dnnl_primitive_execute(primitive, stream, memories.length, args), what);
        }
    }
}
