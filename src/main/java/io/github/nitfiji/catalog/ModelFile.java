package io.github.nitfiji.catalog;

import java.util.Optional;

/**
 * One file of a model as its card describes it. Size and SHA-256 are optional because we only
 * record what we actually know; when they are missing the downloader falls back to what the
 * server states and records the verified hash next to the file.
 */
public final class ModelFile {
    /** The weights a model is loaded from. */
    public static final String ROLE_WEIGHTS = "weights";
    /** A side file such as diffusers' config.json. */
    public static final String ROLE_CONFIG = "config";
    /** A Hugging Face {@code tokenizer.json} (text encoders). */
    public static final String ROLE_TOKENIZER = "tokenizer";

    private final String path;
    private final String role;
    private final String url;
    private final String bundled;
    private final Long size;
    private final String sha256;
    private final Long approximateSize;
    private final boolean allowHttp;

    ModelFile(String path, String role, String url, String bundled, Long size, String sha256, Long approximateSize,
              boolean allowHttp) {
        this.path = path;
        this.role = role;
        this.url = url;
        this.bundled = bundled;
        this.size = size;
        this.sha256 = sha256;
        this.approximateSize = approximateSize;
        this.allowHttp = allowHttp;
    }

    /** Relative path inside the model's folder, with '/' separators (e.g. "model_1000K.safetensors"). */
    public String path() {
        return path;
    }

    /** {@link #ROLE_WEIGHTS}, {@link #ROLE_CONFIG} or {@link #ROLE_TOKENIZER}. */
    public String role() {
        return role;
    }

    public boolean isWeights() {
        return ROLE_WEIGHTS.equals(role);
    }

    /** Where to download it from; empty for files bundled in the plugin jar. */
    public Optional<String> url() {
        return Optional.ofNullable(url);
    }

    /**
     * True when the card says {@code "allow_http": true} for this file: the user accepts a plain
     * http URL (a local mirror). Downloads are https only otherwise, and never follow a redirect
     * from https to http.
     */
    public boolean allowsHttp() {
        return allowHttp;
    }

    /** Resource path under {@code /models/} in the jar, for bundled files. */
    public Optional<String> bundledResource() {
        return Optional.ofNullable(bundled);
    }

    public boolean isBundled() {
        return bundled != null;
    }

    /** Exact size in bytes, when known. */
    public Optional<Long> size() {
        return Optional.ofNullable(size);
    }

    /** Lower-case hex SHA-256, when known. */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    /** A rough size for display and disk-space advice when the exact size is not known. */
    public Optional<Long> approximateSize() {
        return size != null ? Optional.of(size) : Optional.ofNullable(approximateSize);
    }

    /** The last path element, e.g. for matching a manually downloaded file. */
    public String fileName() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    @Override
    public String toString() {
        return path;
    }
}
