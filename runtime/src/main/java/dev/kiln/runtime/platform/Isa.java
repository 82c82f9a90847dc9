package dev.kiln.runtime.platform;

import java.util.List;

/**
 * The x86-64 instruction-set levels ND4J's native builds are compiled for, each with the CPU
 * flags (as Linux's {@code /proc/cpuinfo} spells them) that Kiln requires before it loads a
 * build of that level. The sets are those GCC's {@code -march=haswell} and
 * {@code -march=skylake-avx512} imply, the reading that can only err towards a lower build.
 */
public enum Isa {
    /** Any x86-64 CPU: what the builds without a suffix and {@code -onednn} need. */
    X86_64("x86-64", List.of()),
    AVX2("AVX2", List.of("avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "movbe")),
    AVX512("AVX-512", List.of("avx", "avx2", "fma", "f16c", "bmi1", "bmi2", "movbe",
            "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"));

    private final String label;
    private final List<String> requiredFlags;

    Isa(String label, List<String> requiredFlags) {
        this.label = label;
        this.requiredFlags = requiredFlags;
    }

    /** "AVX-512", as a user reads it. */
    public String label() {
        return label;
    }

    /** The CPU flags this level needs, every one. */
    public List<String> requiredFlags() {
        return requiredFlags;
    }
}
