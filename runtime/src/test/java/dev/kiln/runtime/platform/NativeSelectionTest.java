package dev.kiln.runtime.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The choice of ND4J build over recorded CPU descriptions (src/test/resources/cpuinfo). */
class NativeSelectionTest {
    private static final String LINUX = "linux-x86_64";
    private static final Set<NativeBuild> ONEDNN_ALL = EnumSet.of(NativeBuild.ONEDNN_AVX512, NativeBuild.ONEDNN_AVX2, NativeBuild.ONEDNN,
            NativeBuild.PLAIN);

    static CpuDescription recorded(String name, String arch) {
        try (InputStream in = NativeSelectionTest.class.getResourceAsStream("/cpuinfo/" + name)) {
            return CpuDescription.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), arch);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Optional<NativeBuild> auto(CpuDescription cpu, Set<NativeBuild> present) {
        return NativeSelection.choose(cpu, LINUX, present, "auto", "-Dkiln.native=auto").build();
    }

    @Test
    void anAvx512IntelGetsTheAvx512Build() {
        CpuDescription cpu = recorded("intel-xeon-avx512.txt", "amd64");
        assertEquals("Intel(R) Xeon(R) Processor", cpu.model());
        assertEquals(Optional.of(Isa.AVX512), cpu.highestIsa());
        assertEquals(Optional.of(NativeBuild.ONEDNN_AVX512), auto(cpu, ONEDNN_ALL));
    }

    @Test
    void anAvx2AmdGetsTheAvx2Build() {
        CpuDescription cpu = recorded("amd-epyc-avx2.txt", "amd64");
        assertEquals("AMD EPYC 7B13", cpu.model());
        assertEquals(Optional.of("avx512f"), cpu.firstMissing(Isa.AVX512));
        assertEquals(Optional.of(NativeBuild.ONEDNN_AVX2), auto(cpu, ONEDNN_ALL));
        // the non-oneDNN AVX-512 build, which JavaCPP would load first, is never taken either
        assertEquals(Optional.of(NativeBuild.AVX2), auto(cpu, EnumSet.of(NativeBuild.AVX512, NativeBuild.AVX2, NativeBuild.PLAIN)));
    }

    @Test
    void aCpuWithoutAvx2GetsThePortableBuild() {
        CpuDescription cpu = recorded("intel-xeon-sandybridge.txt", "x86_64");
        assertTrue(cpu.flags().contains("avx"));
        assertEquals(Optional.of("avx2"), cpu.firstMissing(Isa.AVX2));
        assertEquals(Optional.of(NativeBuild.ONEDNN), auto(cpu, ONEDNN_ALL));
        assertEquals(Optional.of(NativeBuild.PLAIN), auto(cpu, EnumSet.of(NativeBuild.AVX512, NativeBuild.AVX2, NativeBuild.PLAIN)));
    }

    @Test
    void anotherArchitectureIsLeftToNd4j() {
        CpuDescription cpu = recorded("arm-neoverse-n1.txt", "aarch64");
        assertEquals("unknown CPU", cpu.model());
        assertTrue(cpu.flags().contains("asimd"));
        assertEquals(Optional.empty(), cpu.highestIsa());
        NativeChoice choice = NativeSelection.choose(cpu, "linux-arm64", ONEDNN_ALL, "auto", "-Dkiln.native=auto");
        assertEquals(Optional.empty(), choice.build());
        assertTrue(choice.describe().contains("ND4J's default for linux-arm64"), choice.describe());
        UnsupportedNativeBuildException e = assertThrows(UnsupportedNativeBuildException.class,
                () -> NativeSelection.choose(cpu, "linux-arm64", ONEDNN_ALL, "onednn", "-Dkiln.native=onednn"));
        assertTrue(e.getMessage().contains("is not x86-64"), e.getMessage());
    }

    @Test
    void onlyThePortableBuildPresentIsChosenEverywhereOnX86() {
        for (String name : new String[] {"intel-xeon-avx512.txt", "amd-epyc-avx2.txt", "intel-xeon-sandybridge.txt"}) {
            assertEquals(Optional.of(NativeBuild.ONEDNN), auto(recorded(name, "x86_64"), EnumSet.of(NativeBuild.ONEDNN, NativeBuild.PLAIN)), name);
        }
        assertEquals(Optional.empty(), auto(recorded("amd-epyc-avx2.txt", "x86_64"), EnumSet.noneOf(NativeBuild.class)));
    }

    @Test
    void forcingAvx512OnTheAmdSaysWhatIsMissingAndWhatToUse() {
        CpuDescription cpu = recorded("amd-epyc-avx2.txt", "x86_64");
        UnsupportedNativeBuildException e = assertThrows(UnsupportedNativeBuildException.class,
                () -> NativeSelection.choose(cpu, LINUX, ONEDNN_ALL, "onednn-avx512", "-Dkiln.native=onednn-avx512"));
        String m = e.getMessage();
        assertTrue(m.contains("-Dkiln.native=onednn-avx512 asks for ND4J's linux-x86_64-onednn-avx512 build"), m);
        assertTrue(m.contains("AMD EPYC 7B13") && m.contains("lacks AVX-512 (no CPU flag 'avx512f')"), m);
        assertTrue(m.contains("Use -Dkiln.native=onednn-avx2, or leave -Dkiln.native unset (auto)"), m);
    }

    @Test
    void forcingThroughJavaCppsOwnPropertyIsCheckedToo() {
        CpuDescription cpu = recorded("intel-xeon-sandybridge.txt", "x86_64");
        UnsupportedNativeBuildException e = assertThrows(UnsupportedNativeBuildException.class,
                () -> NativeSelection.chooseForJavaCpp(cpu, LINUX, ONEDNN_ALL, "-onednn-avx2"));
        assertTrue(e.getMessage().contains("lacks AVX2 (no CPU flag 'avx2')"), e.getMessage());
        assertTrue(e.getMessage().contains("Use -Dkiln.native=onednn, or leave -D" + NativeSelector.JAVACPP_EXTENSION + " unset"),
                e.getMessage());
    }

    @Test
    void javaCppsPropertyForAnotherLibraryOrPlatformIsLeftAlone() {
        CpuDescription amd = recorded("amd-epyc-avx2.txt", "x86_64");
        for (String value : new String[] {"-gpu", "-compat", "-vednn-avx2"}) {
            NativeChoice c = NativeSelection.chooseForJavaCpp(amd, LINUX, ONEDNN_ALL, value);
            assertEquals(Optional.empty(), c.build(), value);
            assertTrue(c.reason().contains("JavaCPP's own choice"), c.reason());
        }
        CpuDescription arm = recorded("arm-neoverse-n1.txt", "aarch64");
        assertEquals(Optional.empty(), NativeSelection.chooseForJavaCpp(arm, "linux-arm64", ONEDNN_ALL, "-onednn").build());
        assertEquals(Optional.of(NativeBuild.ONEDNN_AVX2), NativeSelection.chooseForJavaCpp(amd, LINUX, ONEDNN_ALL, "-onednn-avx2").build());
    }

    @Test
    void aForcedBuildThatRunsIsTakenByAnyOfItsNames() {
        CpuDescription cpu = recorded("intel-xeon-avx512.txt", "x86_64");
        for (String name : new String[] {"onednn-avx2", "-onednn-avx2", "linux-x86_64-onednn-avx2", " ONEDNN-AVX2 "}) {
            NativeChoice c = NativeSelection.choose(cpu, LINUX, ONEDNN_ALL, name, "-Dkiln.native=" + name);
            assertEquals(Optional.of(NativeBuild.ONEDNN_AVX2), c.build(), name);
            assertEquals("linux-x86_64-onednn-avx2", c.classifier());
        }
        assertEquals(Optional.of(NativeBuild.PLAIN), NativeSelection.choose(cpu, LINUX, ONEDNN_ALL, "plain", "p").build());
        assertEquals(Optional.of(NativeBuild.PLAIN), NativeSelection.choose(cpu, LINUX, ONEDNN_ALL, "linux-x86_64", "p").build());
    }

    @Test
    void anAbsentOrUnknownBuildIsAnErrorThatListsTheChoices() {
        CpuDescription cpu = recorded("intel-xeon-avx512.txt", "x86_64");
        String absent = assertThrows(UnsupportedNativeBuildException.class,
                () -> NativeSelection.choose(cpu, LINUX, ONEDNN_ALL, "avx512", "-Dkiln.native=avx512")).getMessage();
        assertTrue(absent.contains("classifier linux-x86_64-avx512) is not on the class path; present: onednn-avx512, onednn-avx2, onednn, plain"),
                absent);
        String unknown = assertThrows(UnsupportedNativeBuildException.class,
                () -> NativeSelection.choose(cpu, LINUX, ONEDNN_ALL, "avx1024", "-Dkiln.native=avx1024")).getMessage();
        assertTrue(unknown.contains("names no ND4J build Kiln knows; expected auto or one of: onednn-avx512, onednn-avx2, onednn, avx512, avx2, plain"),
                unknown);
    }

    @Test
    void onlyTheFirstProcessorsEntryIsRead() {
        CpuDescription cpu = CpuDescription.parse("processor\t: 0\nmodel name\t: A\nflags\t\t: sse avx2\n\n"
                + "processor\t: 1\nmodel name\t: B\nflags\t\t: avx512f\n", "x86_64");
        assertEquals("A", cpu.model());
        assertEquals(Set.of("sse", "avx2"), cpu.flags());
        assertTrue(cpu.known());
        CpuDescription empty = CpuDescription.parse("", "x86_64");
        assertFalse(empty.known());
        assertEquals(Optional.of(Isa.X86_64), empty.highestIsa());
    }

    @Test
    void thisMachinesBuildIsOnTheClassPathAndRunsHere() {
        NativeChoice choice = NativeSelector.ensure();
        CpuDescription cpu = NativeSelector.cpu();
        if (cpu.isX86_64() && !NativeSelector.presentBuilds().isEmpty()) {
            NativeBuild build = choice.build().orElseThrow();
            assertTrue(cpu.supports(build.isa()), choice.describe() + " on " + cpu.summary());
            assertTrue(NativeSelector.present(NativeSelector.platform()).contains(build));
        }
        assertTrue(NativeSelector.report().startsWith("CPU: " + cpu.summary()), NativeSelector.report());
    }
}
