package io.github.nitfiji.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a weight source with the shapes an architecture expects, before anything is loaded,
 * so that a checkpoint and a config that do not belong together are reported in one message
 * listing every problem rather than one failure at a time. Each model words the problems for its
 * own messages; the finding is shared.
 */
public final class WeightCheck {
    /** What is wrong with one key. */
    public enum Kind { MISSING, WRONG_SHAPE, NOT_FLOATING, UNEXPECTED }

    /** One problem. {@code expected} is null for UNEXPECTED keys, {@code found} for MISSING ones. */
    public static final class Problem {
        public final Kind kind;
        public final String key;
        public final long[] expected;
        public final long[] found;

        Problem(Kind kind, String key, long[] expected, long[] found) {
            this.kind = kind;
            this.key = key;
            this.expected = expected;
            this.found = found;
        }
    }

    private WeightCheck() {
    }

    /**
     * Every missing, mis-shaped or non-floating key of {@code expected}, in its order; then, sorted,
     * every key of the source under {@code ownedPrefix} that nothing expects (a config with fewer
     * layers than the weights). With a null prefix other keys are allowed, e.g. NiT's training-only
     * {@code projector.*}.
     */
    public static List<Problem> problems(WeightSource source, Map<String, long[]> expected, String ownedPrefix) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            String key = e.getKey();
            long[] found = source.shape(key);
            if (found == null) {
                problems.add(new Problem(Kind.MISSING, key, e.getValue(), null));
            } else if (!Arrays.equals(found, e.getValue())) {
                problems.add(new Problem(Kind.WRONG_SHAPE, key, e.getValue(), found));
            } else if (!source.isFloating(key)) {
                problems.add(new Problem(Kind.NOT_FLOATING, key, e.getValue(), found));
            }
        }
        if (ownedPrefix != null) {
            for (String key : new TreeSet<>(source.keys())) {
                if (key.startsWith(ownedPrefix) && !expected.containsKey(key)) {
                    problems.add(new Problem(Kind.UNEXPECTED, key, null, source.shape(key)));
                }
            }
        }
        return problems;
    }
}
