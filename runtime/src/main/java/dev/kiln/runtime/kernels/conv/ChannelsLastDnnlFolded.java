package dev.kiln.runtime.kernels.conv;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_ATTR_OUTPUT_SCALES;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_BIAS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC_1;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.DNNL_RUNTIME_F32_VAL;
import static org.bytedeco.dnnl.global.dnnl.dnnl_a;
import static org.bytedeco.dnnl.global.dnnl.dnnl_binary_add;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_direct;
import static org.bytedeco.dnnl.global.dnnl.dnnl_convolution_forward_desc_init;
import static org.bytedeco.dnnl.global.dnnl.dnnl_eltwise_relu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_forward_inference;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_binary;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_append_eltwise;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_post_ops_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_output_scales;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_set_post_ops;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_weights_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;

import dev.kiln.runtime.arrays.Buf;
import dev.kiln.runtime.kernels.onednn.Dnnl;
import org.bytedeco.dnnl.dnnl_convolution_desc_t;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference of a channels-last float32 convolution and the batch norm after it as one oneDNN
 * forward primitive. With {@code s = γ / √(σ² + ε)} per output channel, conv(x, w)·s + β − μ·s
 * is conv(x, w·s) + (β − μ·s): the weights are scaled on their way into oneDNN's layout (the
 * reorder each call makes anyway, given the scales as output scales), the shift is the bias, and
 * the residual add and the ReLU run as the primitive's post-operations (a binary add of the whole
 * shortcut tensor, then an element-wise ReLU). A convolution bias b folds in as b·s. Everything is
 * read from the parameters and running statistics at each call, so the result always follows
 * them. Set up for one set of shapes at a time; another frees the native objects and rebuilds.
 */
final class ChannelsLastDnnlFolded {
    private final int stride;
    private final int padding;
    private final double epsilon;
    private final dnnl_stream stream = Dnnl.stream();
    private long[] shapes;
    private boolean fittedShortcut;
    private boolean fittedRelu;
    private Dnnl.Call convolution;
    private Dnnl.Call scaledWeights;
    private INDArray weights;
    private INDArray scale;
    private INDArray bias;

    ChannelsLastDnnlFolded(int stride, int padding, double epsilon) {
        this.stride = stride;
        this.padding = padding;
        this.epsilon = epsilon;
    }

    /**
     * y (overwritten, [N,H',W',F]) = act(conv(x, w) + b, batch-normalised with the running
     * statistics, + shortcut); {@code b} and {@code shortcut} may be null, act is ReLU when {@code relu}.
     */
    void compute(INDArray x, INDArray w, INDArray b, INDArray gamma, INDArray beta, INDArray mean, INDArray var,
                 INDArray shortcut, INDArray y, boolean relu) {
        fit(x, w, y, shortcut != null, relu);
        fold(b, gamma, beta, mean, var);
        scaledWeights.bind(0, w).bind(1, weights).bind(2, scale).submit(stream);
        convolution.bind(0, x).bind(1, weights).bind(2, bias).bind(3, y);
        if (shortcut != null) {
            convolution.bind(4, shortcut);
        }
        convolution.run(stream);
    }

    /** scale = γ/√(σ²+ε) and bias = β − μ·scale (+ b·scale), per output channel, in double as batch norm computes them. */
    private void fold(INDArray b, INDArray gamma, INDArray beta, INDArray mean, INDArray var) {
        Buf g = Buf.of(gamma);
        Buf sh = Buf.of(beta);
        Buf m = Buf.of(mean);
        Buf v = Buf.of(var);
        Buf convBias = b == null ? null : Buf.of(b);
        Buf s = Buf.of(scale);
        Buf out = Buf.of(bias);
        for (int f = 0; f < s.length(); f++) {
            double k = g.get(f) / Math.sqrt(v.get(f) + epsilon);
            s.set(f, k);
            out.set(f, sh.get(f) + ((convBias == null ? 0 : convBias.get(f)) - m.get(f)) * k);
        }
    }

    private void fit(INDArray x, INDArray w, INDArray y, boolean withShortcut, boolean relu) {
        if (DnnlConvShapes.matches(shapes, x, w, y) && withShortcut == fittedShortcut && relu == fittedRelu) {
            return;
        }
        long[] key = DnnlConvShapes.key(x, w, y);
        Dnnl.close(convolution, scaledWeights);
        DnnlConvShapes s = new DnnlConvShapes(key, stride, padding);
        long f = key[4];
        dnnl_memory_desc_t perChannel = Dnnl.desc(new long[] {f}, dnnl_a);
        dnnl_convolution_desc_t description = new dnnl_convolution_desc_t();
        Dnnl.ok(dnnl_convolution_forward_desc_init(description, dnnl_forward_inference, dnnl_convolution_direct,
                s.src, s.anyWeights, perChannel, s.dst, s.strides, s.padding, s.padding), "the folded convolution's description");
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        dnnl_post_ops post = new dnnl_post_ops();
        Dnnl.ok(dnnl_primitive_attr_create(attr), "the folded convolution's attributes");
        Dnnl.ok(dnnl_post_ops_create(post), "the folded convolution's post-operations");
        if (withShortcut) {
            Dnnl.ok(dnnl_post_ops_append_binary(post, dnnl_binary_add, s.dst), "the shortcut's add");
        }
        if (relu) {
            Dnnl.ok(dnnl_post_ops_append_eltwise(post, 1f, dnnl_eltwise_relu, 0f, 0f), "the ReLU");
        }
        Dnnl.ok(dnnl_primitive_attr_set_post_ops(attr, post), "setting the post-operations");
        dnnl_primitive_desc pd = Dnnl.descriptor(description, attr, null, "the folded convolution's descriptor");
        dnnl_post_ops_destroy(post);
        dnnl_primitive_attr_destroy(attr);
        dnnl_memory_desc_t chosen = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0);
        int[] kinds = withShortcut
                ? new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST, DNNL_ARG_ATTR_MULTIPLE_POST_OP_BASE | DNNL_ARG_SRC_1}
                : new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_BIAS, DNNL_ARG_DST};
        convolution = withShortcut
                ? new Dnnl.Call(Dnnl.primitive(pd, "the folded convolution"), "the folded convolution", kinds,
                        Dnnl.memory(s.src), Dnnl.memory(chosen), Dnnl.memory(perChannel), Dnnl.memory(s.dst), Dnnl.memory(s.dst))
                : new Dnnl.Call(Dnnl.primitive(pd, "the folded convolution"), "the folded convolution", kinds,
                        Dnnl.memory(s.src), Dnnl.memory(chosen), Dnnl.memory(perChannel), Dnnl.memory(s.dst));
        scaledWeights = scaling(s.userWeights, chosen, perChannel);
        weights = Dnnl.scratch(chosen);
        scale = Nd4j.create(DataType.FLOAT, f);
        bias = Nd4j.create(DataType.FLOAT, f);
        Dnnl.free(pd);
        shapes = key;
        fittedShortcut = withShortcut;
        fittedRelu = relu;
    }

    /** A reorder from Kiln's [F,C,k,k] weights to the {@code chosen} layout that multiplies output channel f by scale[f]. */
    private static Dnnl.Call scaling(dnnl_memory_desc_t from, dnnl_memory_desc_t to, dnnl_memory_desc_t perChannel) {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        Dnnl.ok(dnnl_primitive_attr_create(attr), "the weights' scaling attributes");
        Dnnl.ok(dnnl_primitive_attr_set_output_scales(attr, 1, 1, new float[] {(float) DNNL_RUNTIME_F32_VAL()}),
                "the weights' per-channel scales");
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        Dnnl.ok(dnnl_reorder_primitive_desc_create(pd, from, Dnnl.engine(), to, Dnnl.engine(), attr), "the weights' scaling reorder");
        dnnl_primitive_attr_destroy(attr);
        Dnnl.Call call = new Dnnl.Call(Dnnl.primitive(pd, "the weights' scaling"), "the weights' scaling",
                new int[] {DNNL_ARG_FROM, DNNL_ARG_TO, DNNL_ARG_ATTR_OUTPUT_SCALES}, Dnnl.memory(from), Dnnl.memory(to),
                Dnnl.memory(perChannel));
        Dnnl.free(pd);
        return call;
    }
}
