package io.github.nitfiji.cli;

import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.ImageNetClass;
import io.github.nitfiji.labels.ImageNetClasses;
import io.github.nitfiji.labels.UnknownClassException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code classes search TEXT [--limit N]} and {@code classes list}: see {@link #HELP}.
 * Exit codes: 0 ok, 2 usage error (one-line reason on err).
 */
public final class ClassesCommand {
    static final String HELP = String.join("\n",
            "Usage: java -jar nit-cli.jar classes search TEXT... [--limit N]",
            "       java -jar nit-cli.jar classes list",
            "",
            "NiT draws one of the 1000 ImageNet classes. 'search' ranks the classes that TEXT may mean",
            "(a name, a description such as \"a red fox in the snow\", an index 0-999 or a WordNet id such as",
            "n02099601; typos and plurals are tolerated) and says which class 'generate --class TEXT' would",
            "pick. A class is picked only when the best match is clear; otherwise use a listed name or index.",
            "",
            "Options:",
            "  --limit N     Show at most N matches (default 10).",
            "  -h, --help    Show this help.");
    private static final int DEFAULT_LIMIT = 10;

    private ClassesCommand() {
    }

    /** @param args the words after {@code classes} (a leading "classes" is accepted and skipped) */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words = new ArrayList<>();
        int limit = DEFAULT_LIMIT;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i == 0 && a.equals("classes")) {
                continue;
            }
            if (a.equals("-h") || a.equals("--help")) {
                out.println(HELP);
                return 0;
            } else if (a.equals("--limit") || a.startsWith("--limit=")) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : (++i < args.length ? args[i] : "");
                try {
                    limit = Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    limit = -1;
                }
                if (limit < 1) {
                    return usage(err, "--limit needs a positive whole number, got '" + v + "'");
                }
            } else if (a.startsWith("--")) {
                return usage(err, "unknown option " + a);
            } else {
                words.add(a);
            }
        }
        if (words.isEmpty()) {
            return usage(err, "missing subcommand: search or list");
        }
        String sub = words.get(0);
        if (sub.equals("list")) {
            if (words.size() > 1) {
                return usage(err, "list takes no arguments");
            }
            for (ImageNetClass c : ImageNetClasses.standard().all()) {
                out.println(String.format(Locale.ROOT, "%4d  %s  %s", c.index(), c.wordNetId(), String.join(", ", c.names())));
            }
            return 0;
        }
        if (!sub.equals("search")) {
            return usage(err, "unknown subcommand '" + sub + "' (expected search or list)");
        }
        if (words.size() < 2) {
            return usage(err, "search needs some text, e.g. classes search golden retriever");
        }
        String text = String.join(" ", words.subList(1, words.size()));
        ClassMatcher matcher = ClassMatcher.standard();
        List<ClassMatch> matches = matcher.match(text, limit);
        for (ClassMatch m : matches) {
            out.println(String.format(Locale.ROOT, "%4d  %s  %-28s %.2f  %s", m.index(), m.wordNetId(), m.name(),
                    m.score(), m.why()));
        }
        try {
            ClassMatch choice = matcher.resolve(text);
            out.println("choice: " + choice.index() + " " + choice.name());
        } catch (UnknownClassException e) {
            out.println("no confident choice: " + e.getMessage());
        }
        return 0;
    }

    private static int usage(PrintStream err, String reason) {
        err.println("classes: " + reason + " (see classes --help)");
        return 2;
    }
}
