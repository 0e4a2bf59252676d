package io.github.nitfiji.model.dcae;

import io.github.nitfiji.model.WeightCheck;
import io.github.nitfiji.model.WeightSource;
import io.github.nitfiji.model.WeightsMismatchException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The shared {@link WeightCheck}, worded for DC-AE. Unlike NiT, a DC-AE checkpoint under a
 * network's prefix must hold nothing the network does not use: an unused tensor means a config
 * with fewer layers or stages than the weights, which would otherwise decode garbage silently.
 */
final class DcAeWeightCheck {
    private DcAeWeightCheck() {
    }

    static void check(WeightSource source, Map<String, long[]> expected, String prefix, String network)
            throws WeightsMismatchException {
        List<String> problems = new ArrayList<>();
        for (WeightCheck.Problem p : WeightCheck.problems(source, expected, prefix)) {
            problems.add(describe(p));
        }
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(source.describe(), network, problems);
        }
    }

    private static String describe(WeightCheck.Problem p) {
        switch (p.kind) {
            case MISSING:
                return "missing " + p.key + " " + Arrays.toString(p.expected);
            case WRONG_SHAPE:
                return "wrong shape " + p.key + ": expected " + Arrays.toString(p.expected) + ", found "
                        + Arrays.toString(p.found);
            case NOT_FLOATING:
                return "not floating point " + p.key;
            default:
                return "unexpected " + p.key + " " + Arrays.toString(p.found);
        }
    }
}
