package dev.kiln.bench;

import dev.kiln.samples.SampleModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The networks {@code ./kiln bench} compares: the CIFAR-style ResNets of He et al. 2015 on
 * 1×28×28 input (a 3×3 stem with 16 filters, three stages of {@code n} basic blocks with widths
 * 16/32/64, stride 2 at the start of stages 2 and 3, 1×1 projection + BN where the shape changes,
 * global average pooling, dense to 10 classes), depth 6n + 2. Kiln's side is the generated sample;
 * DL4J's and PyTorch's are built from {@link #blocksPerStage()}.
 */
public enum BenchModel {
    RESNET20(SampleModel.RESNET20, 3),
    RESNET32(SampleModel.RESNET32, 5),
    RESNET44(SampleModel.RESNET44, 7),
    RESNET56(SampleModel.RESNET56, 9),
    RESNET110(SampleModel.RESNET110, 18);

    /** Input side (28×28) and channels (1), and the classes the dense layer scores. */
    public static final int SIDE = 28;
    public static final int CHANNELS = 1;
    public static final int CLASSES = 10;

    private final SampleModel sample;
    private final int blocksPerStage;

    BenchModel(SampleModel sample, int blocksPerStage) {
        this.sample = sample;
        this.blocksPerStage = blocksPerStage;
    }

    public SampleModel sample() {
        return sample;
    }

    public String id() {
        return sample.id();
    }

    public int blocksPerStage() {
        return blocksPerStage;
    }

    /** One convolution shape of the network and how many layers have it. */
    public record ConvShape(int in, int out, int side, int stride, int kernel, int count) {
        public int outSide() {
            return (side + 2 * (kernel / 2) - kernel) / stride + 1;
        }

        /** "3×3 16→32 28×28 /2" */
        public String label() {
            return String.format(Locale.ROOT, "%d×%d %d→%d %d×%d%s", kernel, kernel, in, out, side, side, stride == 1 ? "" : " /" + stride);
        }
    }

    /** Every distinct convolution shape of the network, in forward order, with its count; 6n + 1 layers of 3×3, 2 of 1×1. */
    public List<ConvShape> convShapes() {
        int n = blocksPerStage;
        List<ConvShape> shapes = new ArrayList<>();
        shapes.add(new ConvShape(CHANNELS, 16, SIDE, 1, 3, 1));
        shapes.add(new ConvShape(16, 16, SIDE, 1, 3, 2 * n));
        shapes.add(new ConvShape(16, 32, SIDE, 2, 3, 1));
        shapes.add(new ConvShape(32, 32, SIDE / 2, 1, 3, 2 * n - 1));
        shapes.add(new ConvShape(32, 64, SIDE / 2, 2, 3, 1));
        shapes.add(new ConvShape(64, 64, SIDE / 4, 1, 3, 2 * n - 1));
        shapes.add(new ConvShape(16, 32, SIDE, 2, 1, 1));
        shapes.add(new ConvShape(32, 64, SIDE / 2, 2, 1, 1));
        return shapes;
    }

    public static Optional<BenchModel> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT).replace("-", "");
        return Arrays.stream(values()).filter(m -> m.id().equals(wanted)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(BenchModel::id).collect(Collectors.joining(", "));
    }
}
