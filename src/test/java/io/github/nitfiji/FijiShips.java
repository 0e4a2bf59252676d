package io.github.nitfiji;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The build's own lists of which libraries stay out of the Fiji distribution (pom.xml's
 * {@code fiji.ships} and {@code cli.only}, passed on by failsafe), so a test checks the zips
 * against exactly what the build was told, never against a copy of it.
 */
public final class FijiShips {
    private FijiShips() {
    }

    /** Artifact ids of what every Fiji already ships in jars/. */
    public static List<String> fijiShips() {
        return list("nit.fiji.ships");
    }

    /** Artifact ids of what only the command line uses. */
    public static List<String> cliOnly() {
        return list("nit.cli.only");
    }

    /** Whether a jar file name ({@code commons-io-2.20.0.jar}) is one of the artifacts {@code ids}. */
    public static boolean isOneOf(String jarName, List<String> ids) {
        return ids.stream().anyMatch(id -> Pattern.matches(Pattern.quote(id) + "-[0-9][^/]*\\.jar", jarName));
    }

    private static List<String> list(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run this test through"
                    + " Maven (mvn verify), which passes pom.xml's list on");
        }
        return Arrays.asList(value.split(","));
    }
}
