package dev.kiln.spark;

import dev.kiln.runtime.Inputs;
import dev.kiln.runtime.Network;
import dev.kiln.runtime.data.Batch;
import dev.kiln.runtime.data.BatchLoader;
import dev.kiln.runtime.data.BatchOptions;
import dev.kiln.runtime.data.Normalization;
import dev.kiln.runtime.kernels.SoftmaxCrossEntropy;
import dev.kiln.runtime.metrics.Accuracy;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One worker's part of an evaluation: inference with the broadcast state over its part of the
 * test set, answering {@code [examples, loss sum, correct]} to be added up the aggregation tree.
 */
final class WorkerEvaluation {
    static final int EXAMPLES = 0;
    static final int LOSS_SUM = 1;
    static final int CORRECT = 2;

    private WorkerEvaluation() {}

    static double[] run(RoundPlan plan, double[] state, Shard shard) {
        double[] sums = new double[3];
        if (shard.size() == 0) {
            return sums;
        }
        WorkerReplicas.Replica replica = WorkerReplicas.forRound(plan);
        Network net = replica.net();
        replica.layout().read(state, 0, net, replica.optimizer());
        Map<Integer, INDArray> probs = new HashMap<>();
        int[] labels = new int[plan.batch()];
        BatchOptions options = BatchOptions.evaluation(plan.batch(), new Normalization(plan.mean(), plan.std()));
        try (BatchLoader loader = new BatchLoader(shard.all("test shard"), options)) {
            for (Batch b : loader.epoch(1)) {
                int n = b.size();
                INDArray logits = net.predict(b.features());
                Inputs.labels(net.name(), b.labels(), n, net.classes(), labels);
                INDArray p = probs.computeIfAbsent(n, k -> Nd4j.create(net.dataType() == DataType.DOUBLE ? DataType.DOUBLE
                        : DataType.FLOAT, k, net.classes()));
                sums[LOSS_SUM] += SoftmaxCrossEntropy.forward(logits, labels, p, 0) * n;
                sums[CORRECT] += Accuracy.correct(logits, labels, n);
                sums[EXAMPLES] += n;
            }
        }
        return sums;
    }
}
