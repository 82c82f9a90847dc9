package dev.kiln.runtime.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A well-formed checkpoint that does not fit the network or optimizer it is loaded into. Lists
 * every problem, one line each, starting with the entry's name:
 * {@code stage1.0.conv1.weight: checkpoint has [16,16,3,3] FLOAT, the network [32,16,3,3] FLOAT},
 * {@code logits.bias: missing from the checkpoint}, {@code fc.weight: in the checkpoint, but not in the network}.
 * Nothing was changed when it is thrown.
 */
public final class CheckpointMismatchException extends IOException {
    private final List<String> problems;

    CheckpointMismatchException(Path file, String what, List<String> problems, Throwable cause) {
        super(file + ": " + what + " (" + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "):\n  " + String.join("\n  ", problems), cause);
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the entry's name. */
    public List<String> problems() {
        return problems;
    }
}
