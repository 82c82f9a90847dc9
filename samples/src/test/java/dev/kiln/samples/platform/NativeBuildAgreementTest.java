package dev.kiln.samples.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.runtime.platform.CpuDescription;
import dev.kiln.runtime.platform.Isa;
import dev.kiln.runtime.platform.NativeBuild;
import dev.kiln.runtime.platform.NativeSelector;
import dev.kiln.runtime.platform.SelectingBackendGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ND4J build this CPU runs, forced in a child JVM of its own, loads that build and gives the
 * same predictions and losses; a forced build the CPU cannot run stops the child with Kiln's
 * message, exit status 78 and no {@code hs_err} file.
 */
class NativeBuildAgreementTest {
    /** An AMD EPYC 7B13's description as /proc/cpuinfo gives it, trimmed: AVX2, no AVX-512. */
    private static final String AMD_EPYC = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n"
            + "flags\t\t: fpu sse sse2 ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c bmi1 avx2 bmi2 adx sha_ni\n\n";

    @TempDir
    Path dir;

    @Test
    void everyBuildThisCpuRunsGivesTheSamePredictionsAndLosses() throws Exception {
        CpuDescription cpu = NativeSelector.cpu();
        assumeTrue(cpu.isX86_64(), "Kiln chooses among x86-64 builds only; this CPU is " + cpu.summary());
        List<NativeBuild> runnable = NativeSelector.ensure().build().isEmpty() ? List.of()
                : Stream.of(NativeBuild.values()).filter(b -> cpu.supports(b.isa()) && present(b)).toList();
        assertTrue(runnable.size() >= 2, "expected the test class path to hold several builds this CPU runs, got " + runnable);
        Map<NativeBuild, Map<String, double[]>> results = new LinkedHashMap<>();
        for (NativeBuild b : runnable) {
            Child c = run(List.of("-D" + NativeSelector.PROPERTY + "=" + b.id()));
            assertEquals(0, c.status(), b + ":\n" + c.output());
            assertTrue(c.library().contains("/" + b.classifier("linux-x86_64") + "/"), b + " loaded " + c.library());
            assertTrue(c.output().contains("convolutions oneDNN 2.5 direct"), b + ": oneDNN called directly did not load:\n" + c.output());
            assertEquals(6, c.numbers().size(), b + ": logits, loss and logits after for two models:\n" + c.output());
            results.put(b, c.numbers());
        }
        NativeBuild first = runnable.get(0);
        for (NativeBuild b : runnable) {
            double most = 0;
            for (String key : results.get(first).keySet()) {
                double[] expected = results.get(first).get(key);
                double[] actual = results.get(b).get(key);
                assertEquals(expected.length, actual.length, key);
                for (int i = 0; i < expected.length; i++) {
                    double err = Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i]));
                    most = Math.max(most, err);
                    assertTrue(err < 1e-4, b + " against " + first + ", " + key + "[" + i + "]: " + actual[i] + " vs " + expected[i]);
                }
            }
            System.out.printf("NativeBuildAgreementTest: %s against %s, largest relative difference %.3g%n", b.id(), first.id(), most);
        }
    }

    @Test
    void aForcedBuildTheCpuLacksStopsWithTheReasonAndNoCrashFile() throws Exception {
        Path amd = Files.writeString(dir.resolve("amd-epyc.txt"), AMD_EPYC);
        List<List<String>> cases = new ArrayList<>();
        cases.add(List.of("-D" + NativeSelector.CPUINFO_PROPERTY + "=" + amd, "-D" + NativeSelector.PROPERTY + "=onednn-avx512"));
        if (!NativeSelector.cpu().supports(Isa.AVX512)) {
            cases.add(List.of("-D" + NativeSelector.PROPERTY + "=onednn-avx512")); // this CPU itself
        }
        for (List<String> flags : cases) {
            Child c = run(flags);
            assertEquals(SelectingBackendGuard.EXIT_STATUS, c.status(), flags + ":\n" + c.output());
            assertTrue(c.output().contains("kiln: -Dkiln.native=onednn-avx512 asks for ND4J's linux-x86_64-onednn-avx512 build, "
                    + "which needs AVX-512"), c.output());
            assertTrue(c.output().contains("lacks AVX-512 (no CPU flag '"), c.output());
            assertTrue(c.output().contains("Use -Dkiln.native=onednn"), c.output());
            if (flags.get(0).startsWith("-D" + NativeSelector.CPUINFO_PROPERTY)) { // the recorded AMD: AVX2, no AVX-512
                assertTrue(c.output().contains("AMD EPYC 7B13") && c.output().contains("(no CPU flag 'avx512f')"), c.output());
                assertTrue(c.output().contains("Use -Dkiln.native=onednn-avx2"), c.output());
            }
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("hs_err")).toList());
            }
        }
    }

    @Test
    void autoOnAnAvx2CpuLoadsTheAvx2Build() throws Exception {
        assumeTrue(NativeSelector.cpu().supports(Isa.AVX2), "this CPU cannot run the AVX2 build");
        Path amd = Files.writeString(dir.resolve("amd-epyc.txt"), AMD_EPYC);
        Child c = run(List.of("-D" + NativeSelector.CPUINFO_PROPERTY + "=" + amd));
        assertEquals(0, c.status(), c.output());
        assertTrue(c.library().contains("/linux-x86_64-onednn-avx2/"), c.library());
    }

    private static boolean present(NativeBuild b) {
        return NativeSelector.presentBuilds().contains(b);
    }

    /** One child's exit status, everything it printed, and its figures by line key ("loss lenet"). */
    record Child(int status, String output) {
        String library() {
            return output.lines().filter(l -> l.startsWith("library ")).findFirst().orElse("none printed");
        }

        Map<String, double[]> numbers() {
            Map<String, double[]> m = new LinkedHashMap<>();
            for (String line : output.split("\n")) {
                String[] f = line.trim().split(" ");
                if (f.length > 2 && (f[0].equals("predict") || f[0].equals("loss") || f[0].equals("after"))) {
                    double[] v = new double[f.length - 2];
                    for (int i = 2; i < f.length; i++) {
                        v[i - 2] = Double.parseDouble(f[i]);
                    }
                    m.put(f[0] + " " + f[1], v);
                }
            }
            return m;
        }
    }

    private Child run(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), NativeBuildChild.class.getName()));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child did not finish: " + out);
        return new Child(p.exitValue(), out);
    }
}
