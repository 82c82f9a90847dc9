package dev.kiln.runtime.platform;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.bytedeco.javacpp.Loader;

/**
 * Applies {@link NativeSelection} to this process, once, before ND4J loads its native code: it
 * reads the CPU, finds which of ND4J's builds are on the class path, and tells JavaCPP which to
 * load through JavaCPP's own property, {@value #JAVACPP_EXTENSION}.
 *
 * <p>Every process that touches ND4J passes here first: {@link SelectingBackendGuard} is
 * registered as one of ND4J's backends, and ND4J instantiates every registered backend before it
 * loads any. {@code ./kiln} also calls {@link #ensure()} first, to report a bad choice as a
 * command-line error.
 *
 * <p>Properties: {@value #PROPERTY} ({@code auto}, the default, or a build: {@code onednn-avx512},
 * {@code onednn-avx2}, {@code onednn}, {@code avx512}, {@code avx2}, {@code plain}, or a full
 * classifier) forces a build; JavaCPP's {@value #JAVACPP_EXTENSION}, when set alone, is checked
 * the same way where it names one of Kiln's builds (any other value is JavaCPP's business).
 * {@value #CPUINFO_PROPERTY} names a file in {@code /proc/cpuinfo}'s format, an x86-64 CPU's, to
 * read instead of this one's, to reproduce another machine's choice (Kiln's tests use it).
 */
public final class NativeSelector {
    public static final String PROPERTY = "kiln.native";
    public static final String CPUINFO_PROPERTY = "kiln.native.cpuinfo";
    public static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    private static final String BINDINGS = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    private static NativeChoice chosen;
    private static CpuDescription cpu;

    private NativeSelector() {}

    /**
     * Chooses and applies the build, the first time; afterwards returns the same choice.
     *
     * @throws UnsupportedNativeBuildException when a forced build cannot run here (again on every call)
     */
    public static synchronized NativeChoice ensure() {
        if (chosen != null) {
            return chosen;
        }
        String platform = platform();
        CpuDescription c = cpu();
        String kiln = System.getProperty(PROPERTY);
        String javacpp = System.getProperty(JAVACPP_EXTENSION);
        NativeChoice choice;
        if (kiln == null && javacpp != null) {
            choice = NativeSelection.chooseForJavaCpp(c, platform, present(platform), javacpp);
        } else {
            String requested = kiln == null ? NativeSelection.AUTO : kiln;
            choice = NativeSelection.choose(c, platform, present(platform), requested, "-D" + PROPERTY + "=" + requested);
        }
        choice.build().ifPresent(NativeSelector::apply);
        chosen = choice;
        return choice;
    }

    /** The CPU as Kiln read it ({@value #CPUINFO_PROPERTY} when set). */
    public static synchronized CpuDescription cpu() {
        if (cpu == null) {
            String file = System.getProperty(CPUINFO_PROPERTY);
            cpu = file == null ? CpuDescription.detect() : readRecorded(Path.of(file));
        }
        return cpu;
    }

    /** "CPU: Intel(R) Xeon(R) Processor (x86_64, AVX-512); ND4J build: linux-x86_64-onednn-avx512 (auto: …)" */
    public static String report() {
        return "CPU: " + cpu().summary() + "; ND4J build: " + ensure().describe();
    }

    /**
     * Tells JavaCPP which build to load. The plain build has no extension of its own, and an empty
     * one would match none of the preset's; "-" is one of them, has no jar, and so falls back to
     * the directory without a suffix, which is the plain build's.
     */
    private static void apply(NativeBuild build) {
        String extension = build.extension().isEmpty() ? "-" : build.extension();
        System.setProperty(JAVACPP_EXTENSION, extension);
        // JavaCPP copies the system properties once, into properties it keeps; if anything loaded
        // through it already, set the value there too.
        Loader.loadProperties().setProperty("platform.extension", extension);
    }

    /** The builds whose JNI library is on this process's class path, for this platform. */
    public static Set<NativeBuild> presentBuilds() {
        return present(platform());
    }

    static Set<NativeBuild> present(String platform) {
        ClassLoader loader = NativeSelector.class.getClassLoader();
        String library = System.mapLibraryName("jnind4jcpu");
        Set<NativeBuild> present = EnumSet.noneOf(NativeBuild.class);
        for (NativeBuild b : NativeBuild.values()) {
            if (loader.getResource(BINDINGS + b.classifier(platform) + "/" + library) != null) {
                present.add(b);
            }
        }
        return present;
    }

    /** JavaCPP's name for this platform: {@code linux-x86_64}, {@code macosx-arm64}, {@code windows-x86_64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String name = os.startsWith("mac") || os.startsWith("darwin") ? "macosx" : os.startsWith("windows") ? "windows"
                : os.replaceAll("[^a-z]", "");
        String arch = CpuDescription.normaliseArch(System.getProperty("os.arch", ""));
        return name + "-" + (arch.equals("aarch64") ? "arm64" : arch);
    }

    private static CpuDescription readRecorded(Path file) {
        try {
            return CpuDescription.parse(Files.readString(file, StandardCharsets.UTF_8), "x86_64");
        } catch (IOException e) {
            throw new UnsupportedNativeBuildException("-D" + CPUINFO_PROPERTY + "=" + file + " names a file that cannot be read: " + e);
        }
    }
}
