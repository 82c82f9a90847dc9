package dev.kiln.bench;

import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's side: {@link Dl4jResNet}'s graph, {@code fit} on one random batch with one-hot labels
 * and {@code output(false, x)}. Whether DL4J's oneDNN layer helpers run is decided before this
 * process starts ({@link ChildProcess} for "dl4j-helpers"); the note says how many layers got one.
 */
final class Dl4jRun {
    /** The system property DL4J 1.0.0-M2.1 reads to disable its layer helpers (default "true"). */
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";

    private Dl4jRun() {}

    static List<BenchResult> measure(String system, BenchModel model, int batch, Timer timer) {
        Nd4j.getRandom().setSeed(7);
        ComputationGraph graph = Dl4jResNet.create(model, 1);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, BenchModel.CHANNELS, BenchModel.SIDE, BenchModel.SIDE);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, BenchModel.CLASSES);
        for (int i = 0; i < batch; i++) {
            labels.putScalar(i, Nd4j.getRandom().nextInt(BenchModel.CLASSES), 1f);
        }
        INDArray[] in = {x};
        INDArray[] out = {labels};
        double train = Measure.trainingToo() ? timer.median(() -> graph.fit(in, out)) : -1;
        long peakTraining = ProcessMemory.now().peakResidentBytes();
        Timer.Latency infer = timer.latency(() -> graph.output(false, x), batch);
        long peak = Measure.trainingToo() ? peakTraining : ProcessMemory.now().peakResidentBytes();
        return List.of(new BenchResult(model.id(), batch, system, train, infer.median(), peak, Dl4jResNet.trainableParameters(graph), -1, -1,
                "ComputationGraph, Nesterovs(0.1, 0.9), l2 5e-4, " + HELPERS_DISABLE + "="
                        + System.getProperty(HELPERS_DISABLE, "true (default)") + ", " + helpers(graph)
                        + ", ND4J " + Backend.describe(), infer.p99(), -1));
    }

    /** "oneDNN helpers on 21 of 21 conv and 21 of 21 batch-norm layers" */
    private static String helpers(ComputationGraph graph) {
        int conv = 0;
        int convHelped = 0;
        int bn = 0;
        int bnHelped = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof ConvolutionLayer c) {
                conv++;
                convHelped += c.getHelper() != null ? 1 : 0;
            } else if (layer instanceof BatchNormalization b) {
                bn++;
                bnHelped += b.getHelper() != null ? 1 : 0;
            }
        }
        return "oneDNN helpers on " + convHelped + " of " + conv + " conv and " + bnHelped + " of " + bn + " batch-norm layers";
    }
}
