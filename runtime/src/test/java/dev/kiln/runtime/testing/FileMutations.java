package dev.kiln.runtime.testing;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Seeded corruptions of a valid data file: cut it short, flip bits, overwrite a byte, append
 * bytes, or (through a format's own function) make its header claim sizes no file holds.
 */
public final class FileMutations {
    /** What was done, in words, and the bytes that came of it. */
    public record Mutant(String kind, String what, byte[] bytes) {}

    /** A format's header lie: the valid bytes and a random stream → the lying bytes and what was claimed. */
    public interface HeaderLie extends BiFunction<byte[], SplittableRandom, Mutant> {}

    public static final List<String> KINDS = List.of("truncate", "bit-flip", "byte-set", "oversized-header", "append");

    private FileMutations() {}

    public static Mutant mutate(byte[] valid, SplittableRandom r, HeaderLie lie) {
        String kind = KINDS.get(r.nextInt(KINDS.size()));
        return switch (kind) {
            case "truncate" -> {
                // Half the cuts fall in the first 64 bytes, where the headers are.
                int at = r.nextBoolean() ? r.nextInt(Math.min(64, valid.length)) : r.nextInt(valid.length);
                yield new Mutant(kind, "cut to " + at + " of " + valid.length + " bytes", Arrays.copyOf(valid, at));
            }
            case "bit-flip" -> {
                byte[] b = valid.clone();
                StringBuilder what = new StringBuilder("flipped");
                for (int n = 1 + r.nextInt(3), i = 0; i < n; i++) {
                    int at = r.nextBoolean() ? r.nextInt(Math.min(128, b.length)) : r.nextInt(b.length);
                    int bit = r.nextInt(8);
                    b[at] ^= (byte) (1 << bit);
                    what.append(" byte ").append(at).append(" bit ").append(bit);
                }
                yield new Mutant(kind, what.toString(), b);
            }
            case "byte-set" -> {
                byte[] b = valid.clone();
                int at = r.nextBoolean() ? r.nextInt(Math.min(128, b.length)) : r.nextInt(b.length);
                byte v = (byte) List.of(0x00, 0xFF, 0x7F, 0x80, r.nextInt(256)).get(r.nextInt(5)).intValue();
                b[at] = v;
                yield new Mutant(kind, "byte " + at + " set to " + (v & 0xFF), b);
            }
            case "append" -> {
                byte[] junk = new byte[1 + r.nextInt(r.nextBoolean() ? 8 : 4096)];
                r.nextBytes(junk);
                byte[] b = Arrays.copyOf(valid, valid.length + junk.length);
                System.arraycopy(junk, 0, b, valid.length, junk.length);
                yield new Mutant(kind, "appended " + junk.length + " random bytes", b);
            }
            default -> lie.apply(valid, r);
        };
    }
}
