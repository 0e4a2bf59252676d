package io.github.nitfiji.catalog;

import java.nio.file.Path;
import java.util.Optional;

/** The state of one model file on disk, as listed by {@code models list} and {@code models verify}. */
public final class ModelFileStatus {
    /** Ordered so that a model's state is the last of its files' states in this order (the most telling). */
    public enum State {
        /** Ships inside the plugin jar; always available. */
        BUNDLED,
        /** Present with the expected size (and hash, when verified). */
        INSTALLED,
        /** Not on disk. */
        MISSING,
        /** A {@code .part} file from an interrupted download exists; {@code models download} resumes it. */
        PARTIAL,
        /** Present but the size or SHA-256 is wrong; download or install it again. */
        CORRUPT
    }

    private final ModelFile file;
    private final State state;
    private final Path path;
    private final String detail;
    private final String sha256;
    private final boolean hashVerified;

    ModelFileStatus(ModelFile file, State state, Path path, String detail, String sha256, boolean hashVerified) {
        this.file = file;
        this.state = state;
        this.path = path;
        this.detail = detail;
        this.sha256 = sha256;
        this.hashVerified = hashVerified;
    }

    public ModelFile file() {
        return file;
    }

    public State state() {
        return state;
    }

    /** Where the file is (or would be) installed. */
    public Path path() {
        return path;
    }

    /** A short human explanation ("2.7 GB", "size 1024, expected 2048", "sha256 mismatch ..."). */
    public String detail() {
        return detail;
    }

    /** The expected hash (card or recorded sidecar), if any is known. */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    /** True when the file's content was hashed just now and matched. */
    public boolean hashVerified() {
        return hashVerified;
    }
}
