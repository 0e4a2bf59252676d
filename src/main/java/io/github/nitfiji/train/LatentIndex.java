package io.github.nitfiji.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The index of one writer's part of a latent cache ({@code index-<part>.json}): the settings the
 * latents were made with (encoder SHA-256, sizes, flips) and one entry per encoded image. Written
 * atomically after each shard, so an interrupted encode leaves a consistent index of what is done.
 */
final class LatentIndex {
    static final String FORMAT = "nit-latent-cache";

    final String encoderSha256;
    final int minSize;
    final int maxSize;
    final boolean flip;
    final List<CachedLatent> entries;

    LatentIndex(String encoderSha256, int minSize, int maxSize, boolean flip, List<CachedLatent> entries) {
        this.encoderSha256 = encoderSha256;
        this.minSize = minSize;
        this.maxSize = maxSize;
        this.flip = flip;
        this.entries = entries;
    }

    /** Whether latents made under {@code other}'s settings can be reused under this index's. */
    boolean sameSettings(LatentIndex other) {
        return encoderSha256.equals(other.encoderSha256) && minSize == other.minSize && maxSize == other.maxSize
                && flip == other.flip;
    }

    void write(Path file) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("format", FORMAT);
        root.addProperty("version", 1);
        root.addProperty("encoder_sha256", encoderSha256);
        root.addProperty("min_size", minSize);
        root.addProperty("max_size", maxSize);
        root.addProperty("flip", flip);
        JsonArray list = new JsonArray();
        for (CachedLatent e : entries) {
            JsonObject o = new JsonObject();
            o.addProperty("source", e.source);
            o.addProperty("sha256", e.sha256);
            o.addProperty("bytes", e.bytes);
            o.addProperty("class", e.className);
            o.addProperty("width", e.imageWidth);
            o.addProperty("height", e.imageHeight);
            o.addProperty("shard", e.shard);
            o.addProperty("tensor", e.tensor);
            o.addProperty("variants", e.variants);
            list.add(o);
        }
        root.add("entries", list);
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
        AtomicFiles.write(file, f -> Files.writeString(f, text, StandardCharsets.UTF_8));
    }

    static LatentIndex read(Path file) throws IOException {
        JsonFields root = StrictJson.parseObject(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        if (!FORMAT.equals(root.optionalString("format"))) {
            throw root.error("format", "expected '" + FORMAT + "'");
        }
        List<CachedLatent> entries = new ArrayList<>();
        for (JsonFields o : root.optionalObjectArray("entries")) {
            entries.add(new CachedLatent(o.requiredString("source"), o.requiredString("sha256"), o.requiredLong("bytes"),
                    o.requiredString("class"), o.requiredInt("width"), o.requiredInt("height"), o.requiredString("shard"),
                    o.requiredString("tensor"), o.requiredInt("variants")));
        }
        return new LatentIndex(root.requiredString("encoder_sha256"), root.requiredInt("min_size"),
                root.requiredInt("max_size"), root.optionalBoolean("flip", false), entries);
    }
}
