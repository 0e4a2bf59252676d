package io.github.nitfiji.cli;

import io.github.nitfiji.pipeline.GenerationListener;
import io.github.nitfiji.pipeline.GenerationRequest;
import java.io.PrintStream;

/** What a command-line generation tells the person at the terminal: status lines, notes and progress on stderr. */
final class CliListener implements GenerationListener {
    private final PrintStream err;
    private final String install;
    private final TextProgress progress;

    /** @param install the command that downloads a model, before its id */
    CliListener(PrintStream err, String install) {
        this.err = err;
        this.install = install;
        this.progress = new TextProgress(err, System.console() != null);
    }

    @Override
    public void status(String message) {
        err.println("nit: " + message);
    }

    @Override
    public void samplingStarts(GenerationRequest request) {
        err.println("nit: " + request);
    }

    @Override
    public void note(String message) {
        err.println("nit: " + (message.startsWith("warning: ") ? "" : "note: ") + message);
    }

    @Override
    public String howToInstall(String id) {
        return install + id;
    }

    @Override
    public void sampling(int step, int steps) {
        progress.sampling(step, steps);
    }

    @Override
    public void decoding(int image, int images) {
        progress.decoding(image, images);
    }
}
