package io.github.nitfiji.cli;

import io.github.nitfiji.io.PathNames;
import io.github.nitfiji.io.UserText;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * Runs one picocli command the way every command here behaves: {@code --help} prints the
 * generated usage (exit 0), a command line that cannot be parsed gives one line saying why
 * (exit 2), and the command's own exceptions reach {@link Main}, which maps them to exit codes.
 */
final class Picocli {
    private Picocli() {
    }

    /**
     * Parses {@code args} into {@code command} and calls it.
     *
     * @param usageError told the one-line reason of a command line that cannot be parsed
     * @return the command's exit code
     */
    static int run(Callable<Integer> command, String[] args, PrintStream out,
                   java.util.function.Consumer<String> usageError) throws Exception {
        CommandLine line = parser(command, out);
        CommandLine.ParseResult parsed;
        try {
            parsed = line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            usageError.accept(oneLine(e.getMessage()));
            return 2;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return 0;
        }
        CommandLine.ParseResult deepest = parsed;
        while (deepest.hasSubcommand()) {
            deepest = deepest.subcommand();
        }
        Object target = deepest.commandSpec().userObject();
        @SuppressWarnings("unchecked")
        Callable<Integer> chosen = target instanceof Callable ? (Callable<Integer>) target : command;
        return chosen.call();
    }

    /** The words after the command's name ({@code args} itself when it does not start with it). */
    static String[] after(String command, String[] args) {
        return args.length > 0 && args[0].equals(command) ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
    }

    /** A parser for {@code command} that prints help to {@code out}. */
    static CommandLine parser(Object command, PrintStream out) {
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        line.setUsageHelpWidth(100);
        // every FILE and FOLDER option: a name this system cannot use is said in words
        line.registerConverter(java.nio.file.Path.class, text -> {
            try {
                return PathNames.of(text, "the path");
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        });
        return line;
    }

    private static String oneLine(String message) {
        return UserText.shown(message.replace('\n', ' ').replace('\r', ' ').trim(), 400);
    }
}
