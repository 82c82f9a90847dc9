package dev.kiln.samples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code ./kiln train}, apart so the command class stays about running. */
final class TrainOptions {
    @Option(names = {"-m", "--model"}, defaultValue = "lenet", paramLabel = "NAME",
            description = "Sample model (default: ${DEFAULT-VALUE}): lenet, resnet20 … resnet110, plain20 … plain110, oneblock, preact20, bottleneck29.")
    String model;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs to train (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--optimizer", defaultValue = "sgd", description = "sgd, adam or adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", description = "Peak learning rate (default: the model's, 0.02 for lenet, 0.1 for the ResNets and plain nets).")
    Double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "SGD momentum, Nesterov (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "Weight decay (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--decay-norm-and-bias", description = "Also decay batch-norm parameters and biases (off by default).")
    boolean decayNormAndBias;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "Learning-rate schedule: cosine, step (÷10 after half and after three quarters of the epochs, rounded) or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--warmup", defaultValue = "0", description = "Linear warm-up steps (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--label-smoothing", defaultValue = "0", description = "Label smoothing in [0, 1) (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--no-augment", description = "Switch off random crops and flips.")
    boolean noAugment;

    @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N", description = "Train on the first N images only (0: all).")
    int limitTrain;

    @Option(names = "--patience", defaultValue = "0", description = "Stop after this many epochs without test improvement (0: never).")
    int patience;

    @Option(names = "--skip-non-finite", defaultValue = "0", paramLabel = "N",
            description = "Skip up to N batches whose loss or gradients are NaN or infinite, then stop (default: ${DEFAULT-VALUE}: stop at the first).")
    int skipNonFinite;

    @Option(names = "--data", paramLabel = "DIR", description = "Fashion-MNIST folder (else $KILN_DATA, Debian's package, ~/.kiln/datasets, or fetch).")
    Path data;

    @Option(names = "--out", defaultValue = "runs/latest", paramLabel = "DIR", description = "Where the CSV, checkpoints and confusion matrix go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run saved in this checkpoint.")
    Path resume;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for initialisation, data order, augmentation and dropout (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Train data-parallel on Spark: local[2], spark://host:7077, … (needs the spark module on the class path; ./kiln has it).")
    String spark;

    @Option(names = "--sync-every", defaultValue = "1", paramLabel = "K",
            description = "With --spark: steps each worker takes between parameter averagings (default: ${DEFAULT-VALUE}, synchronous SGD).")
    int syncEvery;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
            description = "With --spark: data shards, one task each per round (default: 0, the cluster's cores).")
    int workers;

    @Option(names = "--onnx", description = "Also write the trained network as model.onnx beside the checkpoint (kiln export).")
    boolean onnx;

    @Option(names = "--json", description = "Print one JSON object with the results as the last line.")
    boolean json;
}
