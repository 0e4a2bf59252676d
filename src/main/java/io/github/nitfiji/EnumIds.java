package io.github.nitfiji;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Enum constants as users type them on the command line and in files: lower-case ids, parsed
 * regardless of case, with an error that lists every valid id.
 */
public final class EnumIds {
    private EnumIds() {
    }

    /** The constant's id: its name in lower case. */
    public static String id(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant of {@code type} whose id is {@code text} (any case, surrounding spaces ignored);
     * otherwise an IllegalArgumentException such as "sampler 'x' is unknown; use ode, heun or sde".
     *
     * @param what what the text names, for the message
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String text, String what) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        List<String> ids = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (id(constant).equals(wanted)) {
                return constant;
            }
            ids.add(id(constant));
        }
        String last = ids.remove(ids.size() - 1);
        throw new IllegalArgumentException(what + " '" + text + "' is unknown; use " + String.join(", ", ids)
                + " or " + last);
    }
}
