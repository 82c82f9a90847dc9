package dev.kiln.runtime.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A copy of a network's non-trainable state (BN running statistics), taken before a training
 * forward pass and put back if the batch is skipped: a batch with NaN in it would otherwise
 * leave NaN in the running statistics although no parameter was updated. The copies are
 * allocated once.
 */
final class StateSnapshot {
    private final List<INDArray> live = new ArrayList<>();
    private final List<INDArray> saved = new ArrayList<>();

    StateSnapshot(Map<String, INDArray> state) {
        for (INDArray a : state.values()) {
            live.add(a);
            saved.add(a.dup());
        }
    }

    void save() {
        for (int i = 0; i < live.size(); i++) {
            saved.get(i).assign(live.get(i));
        }
    }

    void restore() {
        for (int i = 0; i < live.size(); i++) {
            live.get(i).assign(saved.get(i));
        }
    }
}
