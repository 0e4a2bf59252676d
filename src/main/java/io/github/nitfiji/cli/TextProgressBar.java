package io.github.nitfiji.cli;

import io.github.nitfiji.catalog.ByteSizes;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelFile;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Draws download progress as text. On a terminal it redraws one line ("\r") a few times a
 * second; into a log or pipe it prints a line every 10 % so logs stay readable.
 */
final class TextProgressBar implements DownloadListener {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private long startNanos;
    private long startBytes;
    private long lastDraw;
    private int lastDecile = -1;
    private boolean lineOpen;

    TextProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** A bar that redraws in place only when {@code out} is this process's own terminal. */
    static TextProgressBar forStream(PrintStream out) {
        return new TextProgressBar(out, out == System.out && System.console() != null);
    }

    @Override
    public void started(ModelFile file, String source, Path target, long startAt, long total) {
        endLine();
        out.println((startAt > 0 ? "resuming at " + ByteSizes.format(startAt) + ": " : "fetching ") + source);
        out.println("  -> " + target + (total >= 0 ? " (" + ByteSizes.format(total) + ")" : ""));
        startNanos = System.nanoTime();
        startBytes = startAt;
        lastDraw = 0;
        lastDecile = -1;
    }

    @Override
    public void progress(ModelFile file, long done, long total) {
        long now = System.nanoTime();
        boolean complete = total >= 0 && done >= total;
        if (interactive) {
            if (complete || now - lastDraw >= REDRAW_NANOS) {
                lastDraw = now;
                out.print("\r" + line(done, total, now));
                out.flush();
                lineOpen = true;
            }
        } else {
            int decile = total > 0 ? (int) (done * 10 / total) : (int) (done / 100_000_000L);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(line(done, total, now));
            }
        }
    }

    @Override
    public void verifying(ModelFile file, Path path) {
        endLine();
        out.println("checking " + path.getFileName() + " (size, sha256)...");
    }

    @Override
    public void message(String text) {
        endLine();
        out.println("note: " + text);
    }

    @Override
    public void finished(ModelFile file, Path target, String sha256) {
        endLine();
        out.println("installed " + target + " (sha256 " + sha256 + ")");
    }

    String line(long done, long total, long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        String speed = ByteSizes.format((long) ((done - startBytes) / seconds)) + "/s";
        if (total <= 0) {
            return String.format(Locale.ROOT, "  %s  %s", ByteSizes.format(done), speed);
        }
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return String.format(Locale.ROOT, "  [%s%s] %3d%%  %s / %s  %s", "#".repeat(filled), "-".repeat(WIDTH - filled),
                done * 100 / total, ByteSizes.format(done), ByteSizes.format(total), speed);
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}
