package dev.kiln.processor.plan;

import java.util.List;

/**
 * One argument of a kernel call or constructor, by what it is and the parameter it fills
 * ({@code name}, as the kernel's signature names it): a buffer, a parameter tensor, a flag, a
 * number, nothing, or the training mode. {@code emit} turns it into Java; fusion rules match on it.
 */
public sealed interface Arg {
    /** The kernel parameter this argument fills: {@code x}, {@code accumulate}, {@code stride}. */
    String name();

    /** A planned buffer of the current batch size. */
    record Buffer(String name, String field) implements Arg {}

    /** Several planned buffers, as one array ({@code Add} or {@code Concat} of more than two inputs). */
    record Buffers(String name, List<String> fields) implements Arg {
        public Buffers {
            fields = List.copyOf(fields);
        }
    }

    /** A tensor that lives as long as the network: a parameter's value or gradient, or state. */
    record Tensor(String name, Holder holder, String field) implements Arg {}

    /** Which holder a {@link Tensor} is in. */
    enum Holder { PARAMS, GRADS, STATE }

    /** A boolean the kernel branches on: {@code accumulate}, {@code relu}, {@code channelsLast}. */
    record Flag(String name, boolean value) implements Arg {}

    /** An integer: a stride, a kernel size, a channel offset. */
    record Int(String name, int value) implements Arg {}

    /** A real number: a momentum, an epsilon, a dropout rate, a slope. */
    record Real(String name, double value) implements Arg {}

    /** The network's seed plus {@code offset}: one random stream per kernel that draws. */
    record Seed(String name, int offset) implements Arg {}

    /** No array where the kernel accepts none: no bias, no input gradient wanted. */
    record Absent(String name) implements Arg {}

    /** Another kernel the network keeps, by its field: what a fused kernel is made of. */
    record Instance(String name, String field) implements Arg {}

    /** Whether the network is training: batch norm and dropout behave differently. */
    record Mode() implements Arg {
        @Override
        public String name() {
            return "training";
        }
    }

    static Buffer buffer(String name, String field) {
        return new Buffer(name, field);
    }

    static Flag flag(String name, boolean value) {
        return new Flag(name, value);
    }

    /** A buffer argument, or {@link Absent} when {@code field} is null. */
    static Arg bufferOrAbsent(String name, String field) {
        return field == null ? new Absent(name) : new Buffer(name, field);
    }
}
