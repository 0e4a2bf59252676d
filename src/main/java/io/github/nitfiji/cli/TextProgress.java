package io.github.nitfiji.cli;

import io.github.nitfiji.pipeline.GenerationProgress;
import java.io.PrintStream;

/**
 * Progress on the terminal: one line rewritten in place on a console, or a line at every tenth
 * of the work when the output goes to a log or a pipe (where carriage returns make a mess).
 */
final class TextProgress implements GenerationProgress {
    private final PrintStream out;
    private final boolean console;

    TextProgress(PrintStream out, boolean console) {
        this.out = out;
        this.console = console;
    }

    @Override
    public void sampling(int step, int steps) {
        show("step", step, steps);
    }

    @Override
    public void decoding(int image, int images) {
        show("decoded", image, images);
    }

    private void show(String what, int done, int total) {
        String line = "nit: " + what + " " + done + "/" + total;
        if (console) {
            out.print("\r" + line + (done == total ? "\n" : ""));
        } else if (done == total || done * 10 / total != (done - 1) * 10 / total) {
            out.println(line);
        }
    }
}
