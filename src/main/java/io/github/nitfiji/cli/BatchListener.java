package io.github.nitfiji.cli;

import io.github.nitfiji.pipeline.GenerationListener;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the pipeline tells a batch run: status lines, and each distinct note once (a job of
 * thousands of images would otherwise repeat "prompt -> class" for every one). Per-step progress
 * is left to the batch's own per-image progress line.
 */
final class BatchListener implements GenerationListener {
    private final Consumer<String> messages;
    private final Set<String> seen = new HashSet<>();

    BatchListener(Consumer<String> messages) {
        this.messages = messages;
    }

    @Override
    public void status(String message) {
        if (message.startsWith("loading ")) {
            messages.accept(message);
        }
    }

    @Override
    public synchronized void note(String message) {
        if (seen.add(message)) {
            messages.accept(message);
        }
    }

    @Override
    public String howToInstall(String id) {
        return CommandLineFormat.PROGRAM + " models download " + id;
    }

    @Override
    public void samplingStarts(io.github.nitfiji.pipeline.GenerationRequest request) {
    }

    @Override
    public void sampling(int step, int steps) {
    }

    @Override
    public void decoding(int image, int images) {
    }
}
