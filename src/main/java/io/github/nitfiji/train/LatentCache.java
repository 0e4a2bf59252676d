package io.github.nitfiji.train;

import io.github.nitfiji.catalog.Sha256;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The latent cache of a dataset: each image encoded once, at its native-resolution training size,
 * into safetensors shards ({@code <part>-<n>.safetensors}) listed by an index per writer
 * ({@code index-<part>.json}, {@link LatentIndex}). Images are known by their SHA-256, so a re-run
 * reuses every unchanged image wherever it moved and whichever part encoded it; an interrupted
 * encode keeps every shard written before it stopped. With {@code part K of N}, a writer encodes
 * images K, K + N, ... of the dataset (for encoding on several machines into one folder).
 *
 * <p>An image that cannot be read, or is smaller than the smallest side, is skipped with a warning
 * rather than stopping the run: in a collection of thousands one broken file should not cost hours
 * of encoding, and the warning names it. A class left with no usable image stops the run.
 */
public final class LatentCache {
    /** Images per shard file: a shard is the unit an interrupted encode can lose. */
    static final int SHARD_IMAGES = 16;

    private final Path dir;

    public LatentCache(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** What an encode did. */
    public static final class Report {
        public final List<CachedEntry> entries;
        public final int encoded;
        public final int reused;
        public final List<String> skipped;

        Report(List<CachedEntry> entries, int encoded, int reused, List<String> skipped) {
            this.entries = entries;
            this.encoded = encoded;
            this.reused = reused;
            this.skipped = skipped;
        }
    }

    /** A dataset image and its cache entry. */
    public static final class CachedEntry {
        final int classIndex;
        final CachedLatent latent;

        CachedEntry(int classIndex, CachedLatent latent) {
            this.classIndex = classIndex;
            this.latent = latent;
        }
    }

    /**
     * Encodes this part's images not yet in the cache and returns every entry of the part, in
     * dataset order.
     *
     * @param part 1-based part number, of {@code parts}
     * @throws CancellationException when {@code cancelled} turned true (shards written so far are kept)
     */
    public Report encode(Dataset dataset, TrainingImageReader reader, LatentEncoding encoding,
                         NativeResolution resolution, boolean flip, int part, int parts, EncodeProgress progress,
                         BooleanSupplier cancelled) throws IOException {
        if (parts < 1 || part < 1 || part > parts) {
            throw new IllegalArgumentException("--shard must be K/N with 1 <= K <= N, found " + part + "/" + parts);
        }
        Files.createDirectories(dir);
        String tag = parts == 1 ? "all" : part + "of" + parts;
        LatentIndex wanted = new LatentIndex(encoding.encoderSha256(), resolution.minSize, resolution.maxSize, flip,
                new ArrayList<>());
        Map<String, CachedLatent> known = known(wanted);
        Path indexFile = dir.resolve("index-" + tag + ".json");
        Writer writer = new Writer(tag, wanted, indexFile);
        List<CachedEntry> entries = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int encoded = 0;
        int reused = 0;
        List<Integer> mine = new ArrayList<>();
        for (int i = part - 1; i < dataset.entries.size(); i += parts) {
            mine.add(i);
        }
        long start = System.nanoTime();
        Path root = Files.isDirectory(dataset.source) ? dataset.source : dataset.source.toAbsolutePath().getParent();
        for (int n = 0; n < mine.size(); n++) {
            if (cancelled.getAsBoolean()) {
                writer.flush();
                throw new CancellationException("encoding cancelled; " + encoded + " images encoded are kept");
            }
            Dataset.Entry e = dataset.entries.get(mine.get(n));
            String source = root.relativize(e.file.toAbsolutePath()).toString().replace('\\', '/');
            String className = dataset.classNames.get(e.classIndex);
            String sha = Sha256.of(e.file, bytes -> { });
            CachedLatent latent = known.get(sha);
            if (latent != null) {
                latent = latent.as(source, className);
                reused++;
            } else {
                try {
                    latent = writer.add(source, sha, Files.size(e.file), className, e.file, reader, encoding,
                            resolution, flip);
                    encoded++;
                    known.put(sha, latent);
                } catch (IOException | IllegalArgumentException problem) {
                    String warning = "skipped " + e.file + ": " + problem.getMessage();
                    skipped.add(warning);
                    progress.skipped(warning);
                }
            }
            if (latent != null) {
                writer.record(latent);
                entries.add(new CachedEntry(e.classIndex, latent));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = encoded / Math.max(seconds, 1e-9);
            progress.image(n + 1, mine.size(), rate, encoded == 0 ? Double.NaN : (mine.size() - n - 1) / rate);
        }
        writer.flush();
        if (parts == 1) {
            requireEveryClass(dataset, entries);
        }
        return new Report(entries, encoded, reused, skipped);
    }

    private static void requireEveryClass(Dataset dataset, List<CachedEntry> entries) {
        boolean[] has = new boolean[dataset.classNames.size()];
        for (CachedEntry e : entries) {
            has[e.classIndex] = true;
        }
        for (int k = 0; k < has.length; k++) {
            if (!has[k]) {
                throw new IllegalArgumentException("class '" + dataset.classNames.get(k) + "' has no usable image (all"
                        + " were skipped, see the warnings); fix or replace its images");
            }
        }
    }

    /** Every cached latent made with the same settings, by SHA-256, from all parts' indexes. */
    private Map<String, CachedLatent> known(LatentIndex wanted) throws IOException {
        Map<String, CachedLatent> known = new HashMap<>();
        for (Path index : indexFiles()) {
            LatentIndex existing = LatentIndex.read(index);
            if (existing.sameSettings(wanted)) {
                for (CachedLatent e : existing.entries) {
                    if (Files.isRegularFile(dir.resolve(e.shard))) {
                        known.put(e.sha256, e);
                    }
                }
            }
        }
        return known;
    }

    private List<Path> indexFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("index-") && name.endsWith(".json");
            }).sorted().collect(java.util.stream.Collectors.toList());
        }
    }

    /** The stored latent of an entry: [variants][C * h * w] (official layout [C, h, w] each). */
    float[][] read(CachedLatent e) throws IOException {
        try (SafetensorsFile shard = SafetensorsFile.open(dir.resolve(e.shard))) {
            float[] all = shard.readFloats(e.tensor);
            int each = all.length / e.variants;
            float[][] out = new float[e.variants][];
            for (int v = 0; v < e.variants; v++) {
                out[v] = java.util.Arrays.copyOfRange(all, v * each, (v + 1) * each);
            }
            return out;
        }
    }

    /** Buffers new latents and writes them a shard at a time, then the index. */
    private final class Writer {
        private final String tag;
        private final LatentIndex index;
        private final Path indexFile;
        private final Map<String, float[]> pending = new LinkedHashMap<>();
        private final Map<String, long[]> shapes = new HashMap<>();
        private final Map<String, CachedLatent> recorded = new LinkedHashMap<>();
        private int shardNumber;
        private String shardName;

        Writer(String tag, LatentIndex index, Path indexFile) throws IOException {
            this.tag = tag;
            this.index = index;
            this.indexFile = indexFile;
            try (Stream<Path> files = Files.list(dir)) {
                // after the highest existing number: a shard an index refers to is never overwritten
                shardNumber = files.map(p -> p.getFileName().toString())
                        .filter(name -> name.startsWith(tag + "-") && name.endsWith(".safetensors"))
                        .mapToInt(name -> parseNumber(name.substring(tag.length() + 1, name.length() - 12)))
                        .max().orElse(-1) + 1;
            }
            shardName = shardFile(shardNumber);
            // an interrupted re-run must not forget what an earlier run of this part had indexed
            if (Files.isRegularFile(indexFile)) {
                LatentIndex previous = LatentIndex.read(indexFile);
                if (previous.sameSettings(index)) {
                    previous.entries.forEach(this::record);
                }
            }
        }

        private int parseNumber(String digits) {
            try {
                return Integer.parseInt(digits);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        private String shardFile(int number) {
            return String.format("%s-%05d.safetensors", tag, number);
        }

        CachedLatent add(String source, String sha, long bytes, String className, Path file, TrainingImageReader reader,
                         LatentEncoding encoding, NativeResolution resolution, boolean flip) throws IOException {
            RgbPlanes image = reader.read(file);
            String problem = resolution.check(image.width, image.height);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            RgbPlanes sized = resolution.apply(image);
            float[] latent = encoding.encode(sized);
            if (flip) {
                float[] mirrored = encoding.encode(NativeResolution.flipped(sized));
                float[] both = java.util.Arrays.copyOf(latent, 2 * latent.length);
                System.arraycopy(mirrored, 0, both, latent.length, mirrored.length);
                latent = both;
            }
            String tensor = "latent." + sha.substring(0, 16);
            int variants = flip ? 2 : 1;
            pending.put(tensor, latent);
            shapes.put(tensor, new long[] {variants, encoding.channels(), sized.height / NativeResolution.UNIT,
                    sized.width / NativeResolution.UNIT});
            CachedLatent entry = new CachedLatent(source, sha, bytes, className, sized.width, sized.height, shardName,
                    tensor, variants);
            if (pending.size() >= SHARD_IMAGES) {
                record(entry);
                flush();
            }
            return entry;
        }

        void record(CachedLatent latent) {
            recorded.put(latent.source, latent);
        }

        void flush() throws IOException {
            if (!pending.isEmpty()) {
                SafetensorsWriter shard = new SafetensorsWriter();
                pending.forEach((name, values) -> shard.put(name, shapes.get(name), values));
                shard.write(dir.resolve(shardName));
                pending.clear();
                shardNumber++;
                shardName = shardFile(shardNumber);
            }
            List<CachedLatent> done = new ArrayList<>();
            for (CachedLatent e : recorded.values()) {
                if (Files.isRegularFile(dir.resolve(e.shard))) {
                    done.add(e);
                }
            }
            new LatentIndex(index.encoderSha256, index.minSize, index.maxSize, index.flip, done).write(indexFile);
        }
    }
}
