package io.github.nitfiji.model;

import java.io.IOException;
import java.util.List;

/**
 * Weights that do not fit the architecture they are loaded into: lists every missing, mis-shaped
 * or unexpected key. An IOException, like any other unusable input file, so the command line
 * reports it as a failed run (exit 1) rather than as a usage error.
 */
public final class WeightsMismatchException extends IOException {
    private static final long serialVersionUID = 1L;
    /** How many problems the message lists; {@link #problems()} has them all. */
    public static final int SHOWN = 20;
    private final List<String> problems;

    /**
     * @param source the weights, as {@link WeightSource#describe()} names them
     * @param architecture what they were meant for, e.g. "the DC-AE decoder of ..."
     */
    public WeightsMismatchException(String source, String architecture, List<String> problems) {
        super(source + " does not fit " + architecture + " (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  " + firstFew(problems)
                + "\nCheck that the weights and the config belong to the same model.");
        this.problems = List.copyOf(problems);
    }

    /** At most {@link #SHOWN} problems, then a count: a wrong pair can differ in every one of thousands of keys. */
    private static String firstFew(List<String> problems) {
        if (problems.size() <= SHOWN) {
            return String.join("\n  ", problems);
        }
        return String.join("\n  ", problems.subList(0, SHOWN)) + "\n  ... and " + (problems.size() - SHOWN)
                + " more";
    }

    public List<String> problems() {
        return problems;
    }
}
