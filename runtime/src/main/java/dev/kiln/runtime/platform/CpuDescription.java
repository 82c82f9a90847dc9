package dev.kiln.runtime.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Kiln knows of the CPU it runs on: the architecture (as {@code os.arch} names it), the
 * model name, and the instruction-set flags. On Linux they come from {@code /proc/cpuinfo};
 * elsewhere on x86-64 from the vector level HotSpot detected ({@code -XX:UseAVX}, which can
 * under-report AVX-512 but never over-reports), and otherwise the flags are empty, which only
 * ever selects the portable build.
 *
 * @param arch  {@code x86_64}, {@code aarch64}, … ({@code amd64} is normalised to {@code x86_64})
 * @param model the model name, or {@code "unknown CPU"}
 * @param flags lower-case flags such as {@code avx2}, {@code avx512f}
 * @param known whether the flags were read from the CPU (false: guessed or unavailable)
 */
public record CpuDescription(String arch, String model, Set<String> flags, boolean known) {
    public CpuDescription {
        arch = normaliseArch(arch);
        flags = Set.copyOf(flags);
    }

    /** This machine's CPU. */
    public static CpuDescription detect() {
        String arch = System.getProperty("os.arch", "unknown");
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                return parse(Files.readString(cpuinfo, StandardCharsets.UTF_8), arch);
            } catch (IOException | RuntimeException e) {
                // fall through to what the JVM knows
            }
        }
        return fromJvm(arch);
    }

    /**
     * Reads the first processor's entry of a Linux {@code /proc/cpuinfo} text: {@code model name}
     * (x86; {@code Hardware} or {@code cpu model} where a kernel gives those instead) and
     * {@code flags} (x86) or {@code Features} (Arm).
     */
    public static CpuDescription parse(String cpuinfo, String osArch) {
        String model = null;
        Set<String> flags = null;
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && flags != null) {
                    break; // the end of the first processor's entry
                }
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (model == null && (key.equals("model name") || key.equals("hardware") || key.equals("cpu model"))) {
                model = value;
            } else if (flags == null && (key.equals("flags") || key.equals("features"))) {
                flags = new TreeSet<>(Arrays.asList(value.toLowerCase(Locale.ROOT).split("\\s+")));
                flags.remove("");
            }
        }
        return new CpuDescription(osArch, model == null || model.isEmpty() ? "unknown CPU" : model,
                flags == null ? Set.of() : flags, flags != null);
    }

    /** Where there is no {@code /proc/cpuinfo}: HotSpot's {@code UseAVX} (2: AVX2, 3: AVX-512), else nothing. */
    static CpuDescription fromJvm(String arch) {
        Set<String> flags = new TreeSet<>();
        int useAvx = hotSpotUseAvx().orElse(0);
        if (useAvx >= 2) {
            flags.addAll(Isa.AVX2.requiredFlags());
        }
        if (useAvx >= 3) {
            flags.addAll(Isa.AVX512.requiredFlags());
        }
        return new CpuDescription(arch, "unknown CPU", flags, false);
    }

    private static Optional<Integer> hotSpotUseAvx() {
        try {
            var bean = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Optional.of(Integer.parseInt(bean.getVMOption("UseAVX").getValue()));
        } catch (RuntimeException | LinkageError e) { // not HotSpot, or not x86
            return Optional.empty();
        }
    }

    public boolean isX86_64() {
        return arch.equals("x86_64");
    }

    /** The first flag that {@code isa} needs and this CPU lacks, or empty when it has them all. */
    public Optional<String> firstMissing(Isa isa) {
        if (!isX86_64()) {
            return Optional.of("x86-64");
        }
        return isa.requiredFlags().stream().filter(f -> !flags.contains(f)).findFirst();
    }

    public boolean supports(Isa isa) {
        return firstMissing(isa).isEmpty();
    }

    /** The highest level this CPU supports (x86-64 for an x86-64 CPU without AVX2). */
    public Optional<Isa> highestIsa() {
        if (!isX86_64()) {
            return Optional.empty();
        }
        return supports(Isa.AVX512) ? Optional.of(Isa.AVX512) : supports(Isa.AVX2) ? Optional.of(Isa.AVX2) : Optional.of(Isa.X86_64);
    }

    /** "Intel(R) Xeon(R) Processor (x86_64, AVX-512)", for the lines that report a figure. */
    public String summary() {
        String level = highestIsa().map(Isa::label).orElse("no x86 vector level");
        return model + " (" + arch + ", " + level + (known ? "" : ", flags not read from the CPU") + ")";
    }

    static String normaliseArch(String arch) {
        String a = arch == null ? "unknown" : arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86-64", "x86_64" -> "x86_64";
            case "arm64", "aarch64" -> "aarch64";
            default -> a;
        };
    }
}
