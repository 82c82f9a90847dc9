package dev.kiln.runtime.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * Judges one read of a corrupted file. Fine: an exception of the reader's own clear kind whose
 * message names the file, or a read that gives exactly what the bytes hold. A failure: a hang,
 * an out-of-memory error, an allocation past the bound (a header's claim believed), any other
 * exception, a message naming no file, a valid file refused, or a silent wrong read.
 */
public final class FileFuzzJudge {
    /** The seed of the file-fuzzing run recorded in docs/reliability.md, which the normal build replays. */
    public static final long RECORDED_SEED = 2026;

    /**
     * {@code -Dkiln.filefuzz.seed}: a number, or {@code random} for a fresh one (printed by the
     * test). By default the recorded seed, so that a build never fails on a newly drawn case.
     */
    public static long seed() {
        String v = System.getProperty("kiln.filefuzz.seed");
        if (v == null) {
            return RECORDED_SEED;
        }
        return v.equals("random") ? new java.util.SplittableRandom().nextLong() : Long.parseLong(v);
    }

    /**
     * What a read may do with these bytes.
     *
     * @param mustRead the bytes are a valid file, so the read must succeed
     * @param mayRead  a successful read is allowed (it must then be {@code correct})
     * @param correct  whether a read's result is what the bytes hold
     */
    public record Oracle<T>(boolean mustRead, boolean mayRead, Predicate<T> correct) {
        public static <T> Oracle<T> valid(Predicate<T> correct) {
            return new Oracle<>(true, true, correct);
        }

        public static <T> Oracle<T> invalid() {
            return new Oracle<>(false, false, x -> false);
        }

        /** Either is fine (a checksum may or may not cover the corruption), but a read must match. */
        public static <T> Oracle<T> eitherWay(Predicate<T> correct) {
            return new Oracle<>(false, true, correct);
        }
    }

    private FileFuzzJudge() {}

    public static <T> void judge(FileFuzzTally tally, FileMutations.Mutant m, String replay, GuardedRead.Attempt<T> a,
                                 Oracle<T> oracle, List<Class<? extends Exception>> clear, List<Path> files, long bound) {
        String detail = m.what() + " (" + replay + ")";
        Throwable e = a.error();
        if (a.hung()) {
            tally.fail(m.kind(), "hang", detail);
        } else if (e instanceof OutOfMemoryError) {
            tally.fail(m.kind(), "out of memory", detail + ": " + e);
        } else if (a.heapBytes() > bound || a.offHeapBytes() > bound) {
            tally.fail(m.kind(), "allocated " + a.heapBytes() + " heap and " + a.offHeapBytes() + " off-heap bytes", detail
                    + (e == null ? "" : ": " + e));
        } else if (e != null) {
            String message = String.valueOf(e.getMessage());
            if (clear.stream().noneMatch(c -> c == e.getClass())) {
                tally.fail(m.kind(), "unclear exception", detail + ": " + e + " at " + java.util.Arrays.stream(e.getStackTrace())
                        .limit(4).map(String::valueOf).collect(java.util.stream.Collectors.joining(" ← ")));
            } else if (files.stream().noneMatch(f -> message.contains(f.getFileName().toString()))) {
                tally.fail(m.kind(), "message names no file", detail + ": " + message);
            } else if (oracle.mustRead()) {
                tally.fail(m.kind(), "refused a valid file", detail + ": " + message);
            } else {
                tally.ok(m.kind(), FileFuzzTally.CLEAR_ERROR, Math.max(a.heapBytes(), a.offHeapBytes()));
            }
        } else if (!oracle.mayRead()) {
            tally.fail(m.kind(), "read a corrupt file without error", detail);
        } else if (!oracle.correct().test(a.value())) {
            tally.fail(m.kind(), "silent wrong read", detail);
        } else {
            tally.ok(m.kind(), FileFuzzTally.READ_CORRECTLY, Math.max(a.heapBytes(), a.offHeapBytes()));
        }
    }
}
