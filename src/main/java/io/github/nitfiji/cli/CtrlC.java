package io.github.nitfiji.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) as a request to stop cleanly instead of a JVM shutdown: a shutdown hook would race
 * the very checkpoint it waits for (the JVM deletes files still being written when it stops, see
 * {@code AtomicFiles}). The first Ctrl-C runs the action and puts the previous handler back, so a
 * second one ends the program as usual.
 */
final class CtrlC {
    private CtrlC() {
    }

    /** Installs the handler; returns what puts the previous one back. Where signals cannot be caught, does nothing. */
    static Runnable onInterrupt(Runnable action) {
        Signal interrupt = new Signal("INT");
        SignalHandler[] previous = new SignalHandler[1];
        try {
            previous[0] = Signal.handle(interrupt, signal -> {
                Signal.handle(interrupt, previous[0]);
                action.run();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return () -> { };
        }
        return () -> Signal.handle(interrupt, previous[0]);
    }
}
