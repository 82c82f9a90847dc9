package dev.kiln.runtime.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * ND4J's native builds for an x86-64 platform, as JavaCPP names them: the classifier of the
 * {@code nd4j-native} jar is the platform ({@code linux-x86_64}) followed by the
 * {@linkplain #extension() extension}. Declared best first: Kiln loads the first one that is on
 * the class path and that the CPU can run.
 */
public enum NativeBuild {
    ONEDNN_AVX512("-onednn-avx512", Isa.AVX512),
    ONEDNN_AVX2("-onednn-avx2", Isa.AVX2),
    ONEDNN("-onednn", Isa.X86_64),
    AVX512("-avx512", Isa.AVX512),
    AVX2("-avx2", Isa.AVX2),
    PLAIN("", Isa.X86_64);

    private final String extension;
    private final Isa isa;

    NativeBuild(String extension, Isa isa) {
        this.extension = extension;
        this.isa = isa;
    }

    /** JavaCPP's platform extension: {@code -onednn-avx2}, or empty for the plain build. */
    public String extension() {
        return extension;
    }

    /** The instruction-set level the build is compiled for. */
    public Isa isa() {
        return isa;
    }

    /** The jar's classifier on a platform: {@code linux-x86_64-onednn-avx2}. */
    public String classifier(String platform) {
        return platform + extension;
    }

    /** The name a user gives {@code -Dkiln.native}: {@code onednn-avx2}, or {@code plain}. */
    public String id() {
        return extension.isEmpty() ? "plain" : extension.substring(1);
    }

    /**
     * The build a user named: its {@link #id()} ({@code onednn-avx2}), its extension
     * ({@code -onednn-avx2}) or a classifier ({@code linux-x86_64-onednn-avx2}); {@code plain}
     * or a bare platform ({@code linux-x86_64}) is the build without a suffix.
     */
    public static Optional<NativeBuild> byName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (String platform : List.of("linux-x86_64", "macosx-x86_64", "windows-x86_64")) {
            if (n.startsWith(platform)) {
                n = n.substring(platform.length());
            }
        }
        if (n.startsWith("-")) {
            n = n.substring(1);
        }
        if (n.isEmpty()) {
            return Optional.of(PLAIN);
        }
        String wanted = n;
        return Arrays.stream(values()).filter(b -> b.id().equals(wanted)).findFirst();
    }

    /** "onednn-avx512, onednn-avx2, …", for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(NativeBuild::id).collect(Collectors.joining(", "));
    }
}
