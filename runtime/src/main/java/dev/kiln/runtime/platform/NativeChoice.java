package dev.kiln.runtime.platform;

import java.util.Optional;

/**
 * The ND4J build Kiln chose, or that it left the choice to ND4J (not an x86-64 CPU, or no
 * x86-64 build on the class path), and why.
 *
 * @param build    the build to load, or empty to leave JavaCPP's own choice alone
 * @param platform JavaCPP's platform, {@code linux-x86_64}
 * @param reason   one clause a report can print: "auto: the best build on the class path that this CPU runs"
 */
public record NativeChoice(Optional<NativeBuild> build, String platform, String reason) {
    /** "linux-x86_64-onednn-avx512", or "ND4J's default" when the choice was left to ND4J. */
    public String classifier() {
        return build.map(b -> b.classifier(platform)).orElse("ND4J's default for " + platform);
    }

    /** "linux-x86_64-onednn-avx512 (auto: …)", for the lines that report a figure. */
    public String describe() {
        return classifier() + " (" + reason + ")";
    }
}
