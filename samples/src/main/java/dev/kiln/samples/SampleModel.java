package dev.kiln.samples;

import dev.kiln.runtime.Network;
import dev.kiln.samples.models.KilnBottleneckResNet29;
import dev.kiln.samples.models.KilnLeNet;
import dev.kiln.samples.models.KilnOneBlockResNet;
import dev.kiln.samples.models.KilnPlain110;
import dev.kiln.samples.models.KilnPlain20;
import dev.kiln.samples.models.KilnPlain32;
import dev.kiln.samples.models.KilnPlain44;
import dev.kiln.samples.models.KilnPlain56;
import dev.kiln.samples.models.KilnPreActResNet20;
import dev.kiln.samples.models.KilnResNet110;
import dev.kiln.samples.models.KilnResNet20;
import dev.kiln.samples.models.KilnResNet32;
import dev.kiln.samples.models.KilnResNet44;
import dev.kiln.samples.models.KilnResNet56;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The sample models the command line knows, by the name users type ({@code resnet20}). Each
 * entry points at its generated class directly: no reflection, no lookup by string at run time
 * beyond this table.
 */
public enum SampleModel {
    LENET("lenet", KilnLeNet::summaryText, KilnLeNet::create, KilnLeNet.PARAMETERS),
    RESNET20("resnet20", KilnResNet20::summaryText, KilnResNet20::create, KilnResNet20.PARAMETERS),
    RESNET32("resnet32", KilnResNet32::summaryText, KilnResNet32::create, KilnResNet32.PARAMETERS),
    RESNET44("resnet44", KilnResNet44::summaryText, KilnResNet44::create, KilnResNet44.PARAMETERS),
    RESNET56("resnet56", KilnResNet56::summaryText, KilnResNet56::create, KilnResNet56.PARAMETERS),
    RESNET110("resnet110", KilnResNet110::summaryText, KilnResNet110::create, KilnResNet110.PARAMETERS),
    PLAIN20("plain20", KilnPlain20::summaryText, KilnPlain20::create, KilnPlain20.PARAMETERS),
    PLAIN32("plain32", KilnPlain32::summaryText, KilnPlain32::create, KilnPlain32.PARAMETERS),
    PLAIN44("plain44", KilnPlain44::summaryText, KilnPlain44::create, KilnPlain44.PARAMETERS),
    PLAIN56("plain56", KilnPlain56::summaryText, KilnPlain56::create, KilnPlain56.PARAMETERS),
    PLAIN110("plain110", KilnPlain110::summaryText, KilnPlain110::create, KilnPlain110.PARAMETERS),
    ONEBLOCK("oneblock", KilnOneBlockResNet::summaryText, KilnOneBlockResNet::create, KilnOneBlockResNet.PARAMETERS),
    PREACT20("preact20", KilnPreActResNet20::summaryText, KilnPreActResNet20::create, KilnPreActResNet20.PARAMETERS),
    BOTTLENECK29("bottleneck29", KilnBottleneckResNet29::summaryText, KilnBottleneckResNet29::create,
            KilnBottleneckResNet29.PARAMETERS);

    private final String id;
    private final Supplier<String> summary;
    private final LongFunction<Network> factory;
    private final long parameters;

    SampleModel(String id, Supplier<String> summary, LongFunction<Network> factory, long parameters) {
        this.id = id;
        this.summary = summary;
        this.factory = factory;
        this.parameters = parameters;
    }

    /**
     * The learning rate {@code ./kiln train} uses unless told otherwise: 0.1 for the batch-normalised
     * ResNets and plain nets (He et al. 2015), 0.02 for LeNet, whose dense layers have no batch norm.
     */
    public double defaultLearningRate() {
        return this == LENET ? 0.02 : 0.1;
    }

    /** A new float32 network with parameters initialised from {@code seed}. */
    public Network create(long seed) {
        return factory.apply(seed);
    }

    /** The name on the command line. */
    public String id() {
        return id;
    }

    public String summary() {
        return summary.get();
    }

    public long parameters() {
        return parameters;
    }

    public static Optional<SampleModel> byId(String id) {
        String wanted = id.toLowerCase(Locale.ROOT).replace("-", "");
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst();
    }

    /** "resnet20, resnet32, …" for help texts and errors. */
    public static String ids() {
        return Arrays.stream(values()).map(SampleModel::id).collect(Collectors.joining(", "));
    }
}
