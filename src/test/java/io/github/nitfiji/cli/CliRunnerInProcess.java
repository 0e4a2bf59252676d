package io.github.nitfiji.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One command through {@link Main#run} in this JVM, with its exit code and what it printed. */
final class CliRunnerInProcess {
    final int code;
    final String out;
    final String err;

    private CliRunnerInProcess(int code, String out, String err) {
        this.code = code;
        this.out = out;
        this.err = err;
    }

    static CliRunnerInProcess run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliRunnerInProcess(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + code + "\n" + out + "\n" + err;
    }
}
