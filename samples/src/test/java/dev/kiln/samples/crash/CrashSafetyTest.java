package dev.kiln.samples.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.runtime.Network;
import dev.kiln.runtime.io.AtomicFile;
import dev.kiln.runtime.io.Checkpoint;
import dev.kiln.runtime.train.Parameter;
import dev.kiln.runtime.train.Sgd;
import dev.kiln.samples.models.KilnResNet20;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Crash safety: a training process ({@link CrashChild}) that checkpoints after every step is
 * killed with SIGKILL many times: every other time at a random moment of its training loop
 * (0–400 ms after its first save), and in between 0–40 ms after it announces a checkpoint
 * write, so that many kills land inside {@code Checkpoint.save}. After every kill the checkpoint on disk
 * must load completely, and it must never go back in time; restarted, the process resumes from
 * it. When the run finally completes, its parameters and every loss it logged equal those of
 * an uninterrupted run in this JVM (to 1e-6), and no temporary file is left behind.
 *
 * <p>{@code -Dkiln.crash.kills=N} (default 10) and {@code -Dkiln.crash.seed=S} (printed) choose
 * the number of kills and their moments.
 */
class CrashSafetyTest {
    private static final int KILLS = Integer.getInteger("kiln.crash.kills", 10);
    private static final long SEED = Long.getLong("kiln.crash.seed", System.nanoTime());
    private static final int MAX_DELAY_MS = 400;
    private static final int MAX_WRITE_DELAY_MS = 40;

    @Test
    void everyKillLeavesACompleteCheckpointThatResumesTheSameRun(@TempDir Path dir) throws Exception {
        Random random = new Random(SEED);
        long steps = 8L * KILLS + 10;
        Path checkpoint = dir.resolve("checkpoint.npz");
        long last = 0;
        int duringWrite = 0;
        int insideSave = 0;
        int kills = 0;
        for (int k = 0; k < KILLS; k++) {
            ChildRun child = ChildRun.start(dir, steps);
            boolean running = child.awaitLine("saved ", 0); // past start-up: every kill lands in the training loop
            if (running && k % 2 == 0) {
                Thread.sleep(random.nextInt(MAX_DELAY_MS));
            } else if (running) {
                running = child.awaitLine("saving ", child.output().length());
                Thread.sleep(random.nextInt(MAX_WRITE_DELAY_MS));
            }
            if (!running || !child.kill()) {
                fail("the run finished after " + kills + " kills; give it more steps than " + steps);
            }
            kills++;
            String out = child.output().strip();
            insideSave += out.substring(out.lastIndexOf('\n') + 1).startsWith("saving ") ? 1 : 0;
            duringWrite += AtomicFile.orphans(checkpoint).isEmpty() ? 0 : 1;
            if (Files.exists(checkpoint)) {
                long step = Checkpoint.load(checkpoint, KilnResNet20.create(0), CrashChild.optimizer()).step();
                assertTrue(step >= last, "kill " + kills + ": the checkpoint went back from step " + last + " to " + step);
                last = step;
            }
        }
        ChildRun rest = ChildRun.start(dir, steps);
        assertTrue(rest.awaitExit(), "the resumed run did not finish: " + rest.output());
        assertTrue(rest.output().contains("done " + steps), rest.output());
        System.out.printf("CrashSafetyTest seed %d: %d kills, %d inside Checkpoint.save, %d with its temporary file on disk;"
                + " checkpoint at step %d before the last restart, %d steps in all%n", SEED, kills, insideSave, duringWrite, last, steps);

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("checkpoint.npz", "losses.txt"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "temporary files left behind");
        }
        Network resumed = KilnResNet20.create(0);
        assertEquals(steps, Checkpoint.load(checkpoint, resumed, CrashChild.optimizer()).step());
        Network straight = KilnResNet20.create(CrashChild.SEED);
        Sgd sgd = CrashChild.optimizer();
        double[] losses = new double[(int) steps + 1];
        for (long s = 0; s < steps; s++) {
            losses[(int) s + 1] = CrashChild.train(straight, sgd, s);
        }
        for (int i = 0; i < straight.parameters().size(); i++) {
            Parameter p = straight.parameters().get(i);
            assertTrue(p.value().equalsWithEps(resumed.parameters().get(i).value(), 1e-6), p.name() + " differs after resuming");
        }
        for (Map.Entry<String, INDArray> s : straight.state().entrySet()) {
            assertTrue(s.getValue().equalsWithEps(resumed.state().get(s.getKey()), 1e-6), s.getKey() + " differs after resuming");
        }
        int compared = 0;
        for (String line : Files.readAllLines(dir.resolve("losses.txt"))) {
            if (line.matches("\\d+ -?\\d+\\.\\d{9}")) { // a line cut by a kill, or run into by the next append, is skipped
                String[] f = line.split(" ");
                int step = Integer.parseInt(f[0]);
                assertEquals(losses[step], Double.parseDouble(f[1]), 1e-6, "loss of step " + step);
                compared++;
            }
        }
        assertTrue(compared >= steps - 2L * kills, "only " + compared + " of " + steps + " losses were logged");
    }

    /** A {@link CrashChild} process with its output collected. */
    private static final class ChildRun {
        private final Process process;
        private final StringBuffer output = new StringBuffer();

        private ChildRun(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(new java.io.OutputStream() {
                        @Override
                        public void write(int b) {
                            output.append((char) b);
                        }
                    });
                } catch (IOException e) {
                    // the process was killed: its output ends here
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static ChildRun start(Path dir, long steps) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new ChildRun(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashChild.class.getName(), dir.toString(), Long.toString(steps)).redirectErrorStream(true).start());
        }

        /** Waits until {@code prefix} appears in the output after position {@code from}; false if the process ended first. */
        boolean awaitLine(String prefix, int from) throws InterruptedException {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (output.indexOf(prefix, from) < 0) {
                if (!process.isAlive()) {
                    return output.indexOf(prefix, from) >= 0;
                }
                if (System.nanoTime() > deadline) {
                    fail("the child did not print '" + prefix + "' within 120 s: " + output);
                }
                Thread.sleep(2);
            }
            return true;
        }

        /** SIGKILL; false if the process had already finished. */
        boolean kill() throws InterruptedException {
            if (!process.isAlive()) {
                return false;
            }
            process.destroyForcibly(); // SIGKILL on Linux
            process.waitFor();
            return !output.toString().contains("done ");
        }

        boolean awaitExit() throws InterruptedException {
            return process.waitFor(600, java.util.concurrent.TimeUnit.SECONDS) && process.exitValue() == 0;
        }

        String output() {
            return output.toString();
        }
    }
}
