package dev.kiln.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.testing.FileFuzzJudge;
import dev.kiln.runtime.testing.FileFuzzTally;
import dev.kiln.runtime.testing.FileMutations;
import dev.kiln.runtime.testing.GuardedRead;
import dev.kiln.runtime.testing.TinyNetwork;
import dev.kiln.runtime.train.Optimizer;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checkpoints corrupted as {@link NpzFuzzTest} corrupts {@code .npz} files, loaded into a network
 * and an optimizer. Each load must fail with an {@link NpzFormatException} or a
 * {@link CheckpointMismatchException} naming the file and leave the network as it was, or restore
 * exactly what was saved.
 */
class CheckpointFuzzTest {
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final long BOUND = 32L << 20;
    private static final TrainingState STATE = new TrainingState(3, 99, new long[] {5, 6});

    @TempDir
    Path dir;

    @Test
    void corruptCheckpointsFailCleanlyAndChangeNothingOrRestoreExactly() throws IOException {
        long seed = FileFuzzJudge.seed();
        int count = Integer.getInteger("kiln.filefuzz.count", 1000);
        TinyNetwork saved = new TinyNetwork(1);
        Sgd opt = new Sgd(0.1, 0.9, true, 0);
        saved.randomGradients(7);
        opt.step(saved.parameters());
        Path written = dir.resolve("written.npz");
        Checkpoint.save(written, saved, opt, STATE);
        byte[] valid = Files.readAllBytes(written);
        Map<String, INDArray> expected = arrays(saved);
        FileFuzzTally tally = new FileFuzzTally("checkpoint");
        try (GuardedRead guard = new GuardedRead(Duration.ofSeconds(10))) {
            for (int i = 0; i < count; i++) {
                SplittableRandom r = new SplittableRandom(seed + MIX * (i + 1));
                FileMutations.Mutant m = FileMutations.mutate(valid, r, NpzFuzzFiles::lie);
                Path file = Files.write(dir.resolve("ckpt-" + i + ".npz"), m.bytes());
                TinyNetwork net = new TinyNetwork(2);
                Map<String, INDArray> before = arrays(net);
                Optimizer fresh = new Sgd(0.1, 0.9, true, 0);
                GuardedRead.Attempt<TrainingState> a = guard.run(() -> Checkpoint.load(file, net, fresh));
                String replay = "case " + i + " of -Dkiln.filefuzz.seed=" + seed;
                FileFuzzJudge.judge(tally, m, replay, a,
                        FileFuzzJudge.Oracle.eitherWay(state -> state.equals(STATE) && NpzFuzzFiles.same(expected, arrays(net))),
                        List.of(NpzFormatException.class, CheckpointMismatchException.class), List.of(file), BOUND);
                if (a.error() != null && !a.hung() && !NpzFuzzFiles.same(before, arrays(net))) {
                    tally.fail(m.kind(), "changed the network, then failed", m.what() + " (" + replay + ")");
                }
                Files.delete(file);
            }
        }
        System.out.printf("CheckpointFuzzTest: seed %d (replay with -Dkiln.filefuzz.seed=%d)%n%s", seed, seed, tally.report());
        assertEquals(List.of(), tally.failures(), tally.report());
        assertTrue(count < 100 || tally.count(FileFuzzTally.CLEAR_ERROR) > count / 2, tally.report());
    }

    /** Copies of the network's parameters and state, by name. */
    private static Map<String, INDArray> arrays(Network net) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Parameter p : net.parameters()) {
            out.put(p.name(), p.value().dup());
        }
        net.state().forEach((name, a) -> out.put(name, a.dup()));
        return out;
    }
}
