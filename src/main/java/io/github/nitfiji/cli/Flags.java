package io.github.nitfiji.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code --name value}, {@code --name=value} and bare {@code --switch} options of one command. */
final class Flags {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Flags() {
    }

    /**
     * @param valued flags that take a value
     * @param switches flags that take none
     */
    static Flags parse(String command, String[] args, int from, Set<String> valued, Set<String> switches)
            throws UsageException {
        Flags f = new Flags();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "' for '" + command + "' (see --help)");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            if (switches.contains(name)) {
                if (value != null) {
                    throw new UsageException("--" + name + " takes no value");
                }
                f.values.put(name, "true");
            } else if (valued.contains(name)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--" + name + " needs a value");
                    }
                    value = args[++i];
                }
                if (f.values.containsKey(name)) {
                    throw new UsageException("--" + name + " is given twice");
                }
                f.values.put(name, value);
            } else {
                throw new UsageException("unknown option --" + name + " for '" + command + "' (see " + command + " --help)");
            }
        }
        return f;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String require(String name) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required (see --help)");
        }
        return v;
    }

    int integer(String name, int fallback) throws UsageException {
        return parsed(name, fallback, Integer::parseInt, "a whole number");
    }

    long longInteger(String name, long fallback) throws UsageException {
        return parsed(name, fallback, Long::parseLong, "a whole number");
    }

    double number(String name, double fallback) throws UsageException {
        return parsed(name, fallback, Double::parseDouble, "a number");
    }

    /** The option parsed, or {@code fallback} when absent; a malformed value says what was expected. */
    private <T> T parsed(String name, T fallback, Function<String, T> parse, String expected) throws UsageException {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be " + expected + ", found '" + v + "'");
        }
    }

    /** A comma-separated list of numbers. */
    double[] numbers(String name, String fallback) throws UsageException {
        String v = get(name, fallback);
        String[] parts = v.split(",");
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be comma-separated numbers, found '" + v + "'");
            }
        }
        return out;
    }
}
