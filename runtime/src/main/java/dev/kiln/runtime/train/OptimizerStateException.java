package dev.kiln.runtime.train;

import java.util.List;

/**
 * A saved optimizer state that does not fit the optimizer or the parameters it is loaded for:
 * every problem, one line each, naming the entry ({@code optimizer.stem.weight.exp_avg: missing}).
 */
public final class OptimizerStateException extends IllegalArgumentException {
    private final List<String> problems;

    OptimizerStateException(String owner, List<String> problems) {
        super(owner + ".load: the saved state does not fit (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each starting with the entry's name. */
    public List<String> problems() {
        return problems;
    }
}
