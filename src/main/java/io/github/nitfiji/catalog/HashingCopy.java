package io.github.nitfiji.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * The one loop that moves model bytes: read a stream, append it to a file (or only hash it),
 * feed every byte to a SHA-256 digest, report progress, and stop on cancellation, on a source
 * that is longer than it may be, or on a source that has stalled. Downloads, installs of local
 * files and the extraction of bundled files all go through it, so they fail the same way.
 */
final class HashingCopy {
    static final int BUFFER = 256 * 1024;
    /** A transfer must move at least this much per stall window to count as alive. */
    static final long STALL_MIN_BYTES = 64 * 1024;

    /** Reading the source failed (the connection broke), as opposed to writing the file. */
    static final class ReadFailed extends IOException {
        private static final long serialVersionUID = 1L;

        ReadFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The source moved less than {@link #STALL_MIN_BYTES} in one stall window. */
    static final class Stalled extends IOException {
        private static final long serialVersionUID = 1L;

        Stalled(String message) {
            super(message);
        }
    }

    /** The source holds more bytes than the caller allowed (e.g. /dev/zero, or a wrong file). */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(String message) {
            super(message);
        }
    }

    /** The thread was interrupted; what was written so far stays. */
    static final class Cancelled extends IOException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled");
        }
    }

    private HashingCopy() {
    }

    /**
     * Copies {@code in} to the end of {@code out} (null: hash only) until the stream ends.
     *
     * @param done     bytes already in the file (and in the digest), the start of the count
     * @param limit    the most bytes the whole file may have, or -1 for no limit
     * @param stall    the window for {@link #STALL_MIN_BYTES}, or null for none (local files)
     * @param progress receives the running total after each chunk
     * @return the total bytes, {@code done} included
     */
    static long copy(InputStream in, FileChannel out, MessageDigest digest, long done, long limit, Duration stall,
                     LongConsumer progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long windowStart = System.nanoTime();
        long windowBytes = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Cancelled();
            }
            int n;
            try {
                n = in.read(buffer);
            } catch (IOException e) {
                throw new ReadFailed(e);
            }
            if (n < 0) {
                return done;
            }
            if (limit >= 0 && done + n > limit) {
                throw new TooLong("the source holds more than the expected " + limit + " bytes");
            }
            if (out != null) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
            }
            digest.update(buffer, 0, n);
            done += n;
            progress.accept(done);
            if (stall != null) {
                windowBytes += n;
                long elapsed = System.nanoTime() - windowStart;
                if (windowBytes >= STALL_MIN_BYTES) {
                    windowStart = System.nanoTime();
                    windowBytes = 0;
                } else if (elapsed > stall.toNanos()) {
                    throw new Stalled("less than " + ByteSizes.format(STALL_MIN_BYTES) + " arrived in "
                            + stall.toSeconds() + " s");
                }
            }
        }
    }
}
