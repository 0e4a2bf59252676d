package io.github.nitfiji.model.dcae;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A dry run of the binding: notes every tensor a network asks for and what is wrong with it. */
final class ShapeAudit extends WeightBinder {
    private final WeightSource source;
    private final Set<String> requested = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    ShapeAudit(WeightSource source) {
        this.source = source;
    }

    @Override
    NDArray bind(String key, long[] storedShape, long... usedShape) {
        requested.add(key);
        long[] found = source.shape(key);
        if (found == null) {
            problems.add("missing " + key + " " + Arrays.toString(storedShape));
        } else if (!Arrays.equals(found, storedShape)) {
            problems.add("wrong shape " + key + ": expected " + Arrays.toString(storedShape) + ", found "
                    + Arrays.toString(found));
        } else if (!source.isFloating(key)) {
            problems.add("not floating point " + key);
        }
        return null;
    }

    /**
     * Throws one exception listing every problem, including tensors under {@code prefix} the
     * network never asked for (a config with fewer layers or stages than the weights).
     */
    void throwIfProblems(String prefix, String network) {
        List<String> all = new ArrayList<>(problems);
        for (String key : new TreeSet<>(source.keys())) {
            if (key.startsWith(prefix) && !requested.contains(key)) {
                all.add("unexpected " + key + " " + Arrays.toString(source.shape(key)));
            }
        }
        if (!all.isEmpty()) {
            throw new WeightMismatchException(source.describe(), network, all);
        }
    }
}
