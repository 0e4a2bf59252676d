package io.github.nitfiji.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongConsumer;

/** SHA-256 helpers and the {@code <file>.sha256} sidecar that records a verified hash. */
public final class Sha256 {
    private static final int BUFFER = 1 << 20;

    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(byte[] digest) {
        StringBuilder sb = new StringBuilder(digest.length * 2);
        for (byte b : digest) {
            sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }

    /** Hashes a whole file; {@code progress} (may be null) receives the bytes hashed so far. */
    public static String of(Path file, LongConsumer progress) throws IOException {
        MessageDigest digest = newDigest();
        update(digest, file, progress);
        return hex(digest.digest());
    }

    /** Hashes a stream to its end (the caller closes it): a file on any file system (HDFS, S3). */
    public static String of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        update(digest, in, null);
        return hex(digest.digest());
    }

    /** Feeds a whole file into {@code digest}. */
    static void update(MessageDigest digest, Path file, LongConsumer progress) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            update(digest, in, progress);
        }
    }

    private static void update(MessageDigest digest, InputStream in, LongConsumer progress) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long done = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
            done += n;
            if (progress != null) {
                progress.accept(done);
            }
        }
    }

    /** The sidecar path: {@code model.safetensors} -> {@code model.safetensors.sha256}. */
    public static Path sidecar(Path file) {
        return file.resolveSibling(file.getFileName() + ".sha256");
    }

    /** The hash recorded next to {@code file}, if a readable, well-formed sidecar exists. */
    public static Optional<String> readSidecar(Path file) {
        Path side = sidecar(file);
        if (!Files.isRegularFile(side)) {
            return Optional.empty();
        }
        try {
            String text = Files.readString(side, StandardCharsets.UTF_8).trim();
            String first = text.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
            return first.matches("[0-9a-f]{64}") ? Optional.of(first) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Writes the sidecar in {@code sha256sum} format, so {@code sha256sum -c} can check the file too. */
    static void writeSidecar(Path file, String sha256) throws IOException {
        Path side = sidecar(file);
        Path tmp = side.resolveSibling(side.getFileName() + ".tmp");
        Files.writeString(tmp, sha256 + "  " + file.getFileName() + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, side, StandardCopyOption.REPLACE_EXISTING);
    }
}
