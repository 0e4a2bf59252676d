package io.github.nitfiji.model;

import java.io.IOException;
import java.util.List;

/** A checkpoint that does not fit the architecture: lists every missing or mis-shaped key. */
public final class WeightsMismatchException extends IOException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public WeightsMismatchException(String source, String architecture, List<String> problems) {
        super(source + " does not match " + architecture + " (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems)
                + "\nCheck that the weights and the config belong to the same model.");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
