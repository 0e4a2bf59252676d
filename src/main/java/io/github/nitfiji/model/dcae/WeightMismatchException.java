package io.github.nitfiji.model.dcae;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Weights that do not fit the configured network: lists every missing, mis-shaped or unexpected tensor. */
public final class WeightMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    WeightMismatchException(String source, String network, List<String> problems) {
        super(source + " does not fit the " + network + " (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "; is the config the one that belongs to these weights?):\n  "
                + String.join("\n  ", problems));
        this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    public List<String> problems() {
        return problems;
    }
}
