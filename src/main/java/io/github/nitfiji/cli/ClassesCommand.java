package io.github.nitfiji.cli;

import io.github.nitfiji.labels.ClassLabel;
import io.github.nitfiji.labels.ClassMatch;
import io.github.nitfiji.labels.ClassMatcher;
import io.github.nitfiji.labels.ImageNetClasses;
import io.github.nitfiji.labels.UnknownClassException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

/**
 * {@code classes search TEXT [--limit N]} and {@code classes list}, parsed by picocli.
 * Exit codes: 0 ok, 2 usage error (one-line reason on err).
 */
@Command(name = "classes", usageHelpAutoWidth = false,
        description = {"NiT draws one of the 1000 ImageNet classes. 'search' ranks the classes that TEXT may mean "
                + "(a name, a description such as \"a red fox in the snow\", an index 0-999 or a WordNet id such as "
                + "n02099601; typos and plurals are tolerated) and says which class 'generate --prompt TEXT' would "
                + "pick. A class is picked only when the best match is clear; otherwise use a listed name or index."},
        synopsisSubcommandLabel = "(search TEXT... [--limit N] | list)",
        subcommands = {ClassesCommand.Search.class, ClassesCommand.ListClasses.class})
public final class ClassesCommand implements Callable<Integer> {
    private static final int DEFAULT_LIMIT = 10;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help.")
    boolean help;

    private final PrintStream out;

    private ClassesCommand(PrintStream out) {
        this.out = out;
    }

    /** @param args the words after {@code classes} (a leading "classes" is accepted and skipped) */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] words = Picocli.after("classes", args);
        try {
            return Picocli.run(new ClassesCommand(out), words, out, reason -> usage(err, reason));
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Integer call() throws UsageException {
        throw new UsageException("missing subcommand: search or list");
    }

    @Command(name = "search", description = "Rank the classes TEXT may mean and name the one it picks.")
    static final class Search implements Callable<Integer> {
        @ParentCommand
        ClassesCommand parent;
        @Parameters(paramLabel = "TEXT", arity = "1..*", description = "a class name, description, index or "
                + "WordNet id")
        List<String> text;
        @Option(names = "--limit", paramLabel = "N", description = "Show at most N matches (default 10).")
        int limit = DEFAULT_LIMIT;

        @Override
        public Integer call() throws UsageException {
            if (limit < 1) {
                throw new UsageException("--limit needs a positive whole number, got " + limit);
            }
            return search(String.join(" ", text), limit, parent.out);
        }
    }

    @Command(name = "list", description = "All 1000 classes: index, WordNet id and names.")
    static final class ListClasses implements Callable<Integer> {
        @ParentCommand
        ClassesCommand parent;

        @Override
        public Integer call() {
            for (ClassLabel c : ImageNetClasses.standard().all()) {
                parent.out.println(String.format(Locale.ROOT, "%4d  %s  %s", c.index(), c.wordNetId(),
                        String.join(", ", c.names())));
            }
            return 0;
        }
    }

    private static int search(String text, int limit, PrintStream out) {
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
