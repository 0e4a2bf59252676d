package io.github.nitfiji.io;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Text to a path with a message people can act on when the text cannot be one. Java turns file
 * names into bytes with the locale's encoding ({@code sun.jnu.encoding}): in the C locale that is
 * ASCII, and a name with other letters (from a flag, a job file, a record written in another
 * locale) fails with a bare {@code InvalidPathException}. Used for every path that comes as text:
 * flags, engine records, image and job files.
 */
public final class PathNames {
    private PathNames() {
    }

    /**
     * @param what what named the path, for the message ("--out", "the engine record's folder")
     * @throws IllegalArgumentException saying why the text is no file name here and what to do
     */
    public static Path of(String text, String what) {
        try {
            return Paths.get(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(what + " '" + UserText.shown(text) + "' " + problem(text));
        }
    }

    /** Why {@code text} cannot be a path on this system, for a message. */
    public static String problem(String text) {
        if (text.indexOf('\0') >= 0) {
            return "holds a NUL character, which no file name can";
        }
        String encoding = System.getProperty("sun.jnu.encoding", "?");
        return "cannot be a file name in this Java, whose file names are in " + encoding + " (from the locale: "
                + locale() + "), which lacks some of its letters; run with a UTF-8 locale, e.g. LC_ALL=C.UTF-8, "
                + "or rename the file or folder with ASCII letters only";
    }

    private static String locale() {
        for (String name : new String[] {"LC_ALL", "LC_CTYPE", "LANG"}) {
            String value = System.getenv(name);
            if (value != null && !value.isEmpty()) {
                return name + "=" + UserText.shown(value);
            }
        }
        return "none set, so C";
    }
}
