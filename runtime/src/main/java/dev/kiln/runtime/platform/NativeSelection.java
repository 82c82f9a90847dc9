package dev.kiln.runtime.platform;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Chooses ND4J's native build from a CPU description, the builds on the class path and what a
 * user asked for: a pure function, so that it is tested over recorded CPUs
 * ({@link NativeSelector} applies it to this machine).
 *
 * <p>JavaCPP, left to itself, loads the build whose jar comes first in the preset's reverse
 * extension order ({@code -avx512} before {@code -onednn-avx2} before {@code -onednn-avx512}
 * before {@code -onednn} before none), without asking the CPU; a build the CPU cannot run then
 * dies with SIGILL on its first instruction. Kiln instead takes the best build (in
 * {@link NativeBuild}'s order) that is present and that the CPU runs.
 */
public final class NativeSelection {
    /** The value of {@code -Dkiln.native} that means "choose for me", the default. */
    public static final String AUTO = "auto";

    private NativeSelection() {}

    /**
     * @param cpu       the CPU
     * @param platform  JavaCPP's platform name, {@code linux-x86_64}
     * @param present   the builds whose jars are on the class path
     * @param requested a build's name, or {@link #AUTO}
     * @param source    how the user asked, for messages: {@code -Dkiln.native=onednn-avx512}
     * @throws UnsupportedNativeBuildException when the requested build is unknown, absent, or
     *         needs an instruction set this CPU lacks
     */
    public static NativeChoice choose(CpuDescription cpu, String platform, Set<NativeBuild> present, String requested, String source) {
        boolean auto = requested == null || requested.isBlank() || requested.trim().equalsIgnoreCase(AUTO);
        if (!cpu.isX86_64()) {
            if (!auto) {
                throw new UnsupportedNativeBuildException(source + " asks for an x86-64 build of ND4J, but this CPU ("
                        + cpu.summary() + ") is not x86-64; leave " + property(source) + " unset so ND4J loads its " + platform + " build.");
            }
            return new NativeChoice(Optional.empty(), platform, "ND4J's own choice: Kiln chooses among x86-64 builds only");
        }
        if (auto) {
            return present.stream().filter(b -> cpu.supports(b.isa())).min(Comparator.naturalOrder())
                    .map(b -> new NativeChoice(Optional.of(b), platform, "auto: the best build on the class path that this CPU runs"))
                    .orElseGet(() -> new NativeChoice(Optional.empty(), platform, "no ND4J build for " + platform + " on the class path"));
        }
        NativeBuild wanted = NativeBuild.byName(requested).orElseThrow(() -> new UnsupportedNativeBuildException(source
                + " names no ND4J build Kiln knows; expected auto or one of: " + NativeBuild.ids() + "."));
        Optional<String> missing = cpu.firstMissing(wanted.isa());
        if (missing.isPresent()) {
            throw new UnsupportedNativeBuildException(source + " asks for ND4J's " + wanted.classifier(platform) + " build, which needs "
                    + wanted.isa().label() + ", but this CPU (" + cpu.summary() + ") lacks " + wanted.isa().label()
                    + " (no CPU flag '" + missing.get() + "'); it would stop with SIGILL. Use " + instead(cpu, platform, present, source) + ".");
        }
        if (!present.contains(wanted)) {
            throw new UnsupportedNativeBuildException(source + " asks for ND4J's " + wanted.classifier(platform)
                    + " build, but its jar (org.nd4j:nd4j-native, classifier " + wanted.classifier(platform) + ") is not on the class path"
                    + (present.isEmpty() ? "" : "; present: " + ids(present)) + ". Add that jar, or use " + instead(cpu, platform, present, source) + ".");
        }
        return new NativeChoice(Optional.of(wanted), platform, "forced with " + source);
    }

    /**
     * The choice when only JavaCPP's own {@code platform.extension} is set. That property is
     * global to every JavaCPP library, so Kiln checks it only where it names one of Kiln's ND4J
     * builds on an x86-64 CPU, as if it were {@code -Dkiln.native}; any other value is left to
     * JavaCPP, as it would be without Kiln.
     */
    public static NativeChoice chooseForJavaCpp(CpuDescription cpu, String platform, Set<NativeBuild> present, String value) {
        String source = "-D" + NativeSelector.JAVACPP_EXTENSION + "=" + value;
        if (!cpu.isX86_64() || NativeBuild.byName(value).isEmpty()) {
            return new NativeChoice(Optional.empty(), platform, "JavaCPP's own choice: " + source + " names no build Kiln chooses among");
        }
        return choose(cpu, platform, present, value, source);
    }

    /** What to use instead of a build that cannot run: the best present one this CPU runs, or the jar to add. */
    private static String instead(CpuDescription cpu, String platform, Set<NativeBuild> present, String source) {
        Optional<NativeBuild> best = present.stream().filter(b -> cpu.supports(b.isa())).min(Comparator.naturalOrder());
        String unset = "leave " + property(source) + " unset (auto)";
        return best.map(b -> "-D" + NativeSelector.PROPERTY + "=" + b.id() + ", or " + unset)
                .orElse(unset + " with org.nd4j:nd4j-native, classifier " + NativeBuild.ONEDNN.classifier(platform) + ", on the class path");
    }

    private static String property(String source) {
        int eq = source.indexOf('=');
        return eq < 0 ? source : source.substring(0, eq);
    }

    private static String ids(Set<NativeBuild> builds) {
        return builds.stream().sorted().map(NativeBuild::id).collect(Collectors.joining(", "));
    }
}
