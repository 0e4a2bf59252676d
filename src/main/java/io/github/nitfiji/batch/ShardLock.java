package io.github.nitfiji.batch;

import io.github.nitfiji.io.UserText;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One run per shard and output folder: {@code manifest/shard-K-of-N.lock}, held with the
 * operating system's file lock for as long as the run lasts. The lock dies with its process, so a
 * run killed with {@code kill -9} (or a lost machine, on file systems with lock leases) leaves
 * nothing that blocks the next one; the file's text only says who holds it, for the message that
 * refuses a second run.
 */
public final class ShardLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private ShardLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a shard under an output folder. */
    public static Path file(Path out, Shard shard) {
        String name = shard.manifestName();
        return out.resolve("manifest").resolve(name.substring(0, name.length() - ".csv".length()) + ".lock");
    }

    /**
     * Takes the shard's lock, or says which run holds it.
     *
     * @throws IOException naming the other run (process, host, start time) and what to do
     */
    public static ShardLock take(Path out, Shard shard) throws IOException {
        Path file = file(out, shard);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this very JVM runs the shard already (a second job in the same Fiji)
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot lock " + file + " (" + e.getMessage() + "); the output folder's file system"
                    + " may not support locks: run each shard in its own --out folder and merge the manifests", e);
        }
        if (lock == null) {
            String holder = holder(channel);
            channel.close();
            throw new IOException("another run is working on shard " + shard + " of " + out + " (" + holder
                    + "); two runs of one shard would make every image twice. Wait for it to end, or stop it; "
                    + "a run that was killed holds no lock, so the next start goes ahead");
        }
        String me = "process " + ProcessHandle.current().pid() + " on " + host() + ", started " + Instant.now();
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((me + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
        return new ShardLock(channel, lock);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer text = ByteBuffer.allocate(512);
            channel.read(text, 0);
            String who = new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).trim();
            return who.isEmpty() ? "it has not said who it is yet" : UserText.shown(who);
        } catch (IOException e) {
            return "its lock file cannot be read";
        }
    }

    private static String host() {
        for (String name : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String host = System.getenv(name);
            if (host != null && !host.isBlank()) {
                return host;
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }

    /** Releases the lock; the file stays (deleting it would race with a run that just opened it). */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
