package dev.kiln.runtime;

import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every generated network is: a fixed sequence of kernels over buffers planned at compile
 * time. Activation and gradient buffers are allocated once per batch size; after that a
 * training step creates no ND4J arrays.
 *
 * <p>Arrays returned by {@link #predict} and {@link #trainForward} belong to the network and are
 * overwritten by its next call; copy them ({@code dup()}) to keep them.
 *
 * <p>An instance runs one call at a time: a second thread calling {@link #predict},
 * {@link #trainForward}, {@link #loss}, {@link #backward}, {@link #trainStep} or a layer method
 * while another is inside one gets an {@link IllegalStateException} (see
 * {@link ConcurrentUseGuard}). For inference on several threads give each its own
 * {@link #replica()}, or share a {@link PredictorPool}.
 */
public interface Network {
    /** The declaring interface's simple name, {@code ResNet20}. */
    String name();

    /** The element type of every parameter and buffer: FLOAT for training, DOUBLE for gradient checks. */
    DataType dataType();

    /** The shape of one example, {@code [channels, height, width]}. */
    long[] inputShape();

    /** The number of classes the output scores. */
    int classes();

    /** Trainable parameters in declaration order, with PyTorch-style names ({@code stage1.0.conv1.weight}) and their gradients. */
    List<Parameter> parameters();

    /** Non-trainable state in declaration order: BN running statistics ({@code stem.bn.running_mean}). */
    Map<String, INDArray> state();

    /** Inference: batch norm with running statistics, no dropout. Returns the logits {@code [N, classes]}. */
    INDArray predict(INDArray input);

    /**
     * What the last forward pass wrote, by layer and step in forward order: {@code input},
     * {@code stem/linear}, {@code stem/bn}, … {@code logits/linear}. The arrays are the network's own
     * buffers for the last batch size (an activation applied in place shows in the buffer it
     * overwrote), in NCHW; a network that stores its maps channels last gives permuted views of
     * them (docs/layout.md). After an inference forward, a convolution whose batch norm was folded
     * into it ({@code ConvBatchNorm}) has written only the batch norm's output: its {@code /linear}
     * entry holds what the last training forward wrote. Empty before the first forward. For
     * debugging and for {@link NonFinite}.
     */
    Map<String, INDArray> outputs();

    /** Training forward: batch statistics (running ones updated), dropout on. Returns the logits. */
    INDArray trainForward(INDArray input);

    /**
     * The mean softmax cross-entropy of the last {@link #trainForward} against {@code labels}
     * (class indices, {@code [N]}), and its gradient, ready for {@link #backward()}.
     */
    double loss(INDArray labels);

    /** Fills every parameter's gradient from the last {@link #loss}. The network input's gradient is not computed. */
    void backward();

    /**
     * One step: {@link #trainForward}, {@link #loss}, {@link #backward}, then the optimizer.
     * Returns the loss; a loss that is NaN or infinite throws {@link NonFiniteLossException}.
     */
    double trainStep(INDArray input, INDArray labels, Optimizer optimizer);

    /** The layer table computed at compile time. */
    String summary();

    /** Bytes a training step needs at {@code batch}: parameters, gradients, activations, their gradients. */
    long trainingBytes(int batch);

    /**
     * Restarts every random stream of the network (dropout masks) from {@code seed}, so that a
     * training forward can be repeated exactly: gradient checks and resumed runs rely on it.
     */
    void reseed(long seed);

    /**
     * Trains against {@code (1 − s)·onehot + s/K} instead of the one-hot labels (label smoothing,
     * Szegedy et al. 2016); 0, the default, is plain cross-entropy. Must be in [0, 1).
     */
    void setLabelSmoothing(double s);

    /**
     * A new network of the same class for inference on another thread. It shares this network's
     * parameter values and state (the same arrays: a training step or a checkpoint loaded into
     * either is seen by both) and has its own gradients, buffers, kernels and random streams;
     * settings ({@link #setCheckInputs}, {@link #setLabelSmoothing}) are copied. Replicas are
     * for concurrent inference: training one while another predicts is a data race.
     */
    Network replica();

    /** Checks every input for NaN or infinity before running (off by default, for speed). */
    void setCheckInputs(boolean check);
}
