package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.model.dcae.DcAeEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native-resolution sizes, lists, the latent cache (reuse, resume, parts), packing and the official layout. */
class DatasetPreparationTest {
    @TempDir
    static Path dir;
    private static DcAeEncoder encoder;
    private static Dataset dataset;

    @BeforeAll
    static void setUp() throws Exception {
        encoder = TinyTraining.encoder();
        dataset = Dataset.open(TinyTraining.dataset(dir.resolve("data"), 4));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static LatentCache.Report encode(Path cache, boolean flip, int part, int parts,
                                             java.util.function.BooleanSupplier cancelled) throws Exception {
        return new LatentCache(cache).encode(dataset, new TrainingImageFiles(), TinyTraining.encoding(encoder),
                new NativeResolution(32, 512), flip, part, parts, EncodeProgress.NONE, cancelled);
    }

    @Test
    void nativeResolutionFollowsTheOfficialRule() {
        NativeResolution r = new NativeResolution(32, 256);
        // below the maximum area: each side floored to a multiple of 32
        assertArrayEquals(new int[] {96, 64}, r.targetSize(100, 70));
        assertArrayEquals(new int[] {224, 32}, r.targetSize(250, 40));
        // above it: scaled to 256^2 keeping the aspect, then floored (sqrt(2) 256 = 362.03 -> 352; 181.02 -> 160)
        assertArrayEquals(new int[] {352, 160}, r.targetSize(1000, 500));
        assertArrayEquals(new int[] {256, 256}, r.targetSize(256, 256));
        assertNotNull(r.check(31, 200));
        assertNull(r.check(32, 32));
        RgbPlanes image = new RgbPlanes(3, 1, new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, NativeResolution.flipped(image).planes);
    }

    @Test
    void csvAndJsonListsGiveTheSameDatasetAsTheFolder() throws Exception {
        List<String> csv = new ArrayList<>(List.of("file,class"));
        JsonArray json = new JsonArray();
        for (Dataset.Entry e : dataset.entries) {
            String file = dir.resolve("data").relativize(e.file).toString();
            csv.add("\"" + file + "\"," + dataset.classNames.get(e.classIndex));
            JsonObject o = new JsonObject();
            o.addProperty("file", file);
            o.addProperty("class", dataset.classNames.get(e.classIndex));
            json.add(o);
        }
        Files.write(dir.resolve("data/list.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("data/list.json"), json.toString());
        for (String list : List.of("list.csv", "list.json")) {
            Dataset d = Dataset.open(dir.resolve("data").resolve(list));
            assertEquals(dataset.classNames, d.classNames, list);
            assertEquals(dataset.entries.size(), d.entries.size(), list);
            for (int i = 0; i < d.entries.size(); i++) {
                assertEquals(dataset.entries.get(i).file, d.entries.get(i).file);
                assertEquals(dataset.entries.get(i).classIndex, d.entries.get(i).classIndex);
            }
        }
        Files.writeString(dir.resolve("data/bad.csv"), "a.png\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.open(dir.resolve("data/bad.csv")));
        assertTrue(e.getMessage().contains("line 1: expected 'file,class'"), e.getMessage());
    }

    @Test
    void aRerunReusesEveryImageAndAnInterruptedEncodeResumes() throws Exception {
        Path cache = dir.resolve("cache-resume");
        AtomicInteger polls = new AtomicInteger();
        // interrupted after 5 images: nothing is lost that a shard holds, and the rest is encoded on the next run
        assertThrows(CancellationException.class, () -> encode(cache, true, 1, 1, () -> polls.incrementAndGet() > 5));
        LatentCache.Report resumed = encode(cache, true, 1, 1, () -> false);
        assertEquals(dataset.entries.size(), resumed.encoded + resumed.reused);
        assertEquals(5, resumed.reused, "the 5 images encoded before the interruption are reused");
        LatentCache.Report again = encode(cache, true, 1, 1, () -> false);
        assertEquals(0, again.encoded);
        assertEquals(dataset.entries.size(), again.reused);
        CachedLatent first = again.entries.get(0).latent;
        assertEquals(2, first.variants, "the image and its mirror image");
        assertEquals(Files.size(dataset.entries.get(0).file), first.bytes);
        // other settings (no flips) are another cache: nothing reused
        assertEquals(dataset.entries.size(), encode(cache, false, 1, 1, () -> false).encoded);
    }

    @Test
    void partsEncodedApartMakeTheWholeCache() throws Exception {
        Path cache = dir.resolve("cache-parts");
        LatentCache.Report one = encode(cache, false, 1, 2, () -> false);
        LatentCache.Report two = encode(cache, false, 2, 2, () -> false);
        assertEquals(dataset.entries.size(), one.encoded + two.encoded);
        LatentCache.Report whole = encode(cache, false, 1, 1, () -> false);
        assertEquals(0, whole.encoded, "every image was encoded by one of the parts");
        // the same latents as a single-machine encode
        LatentCache.Report single = encode(dir.resolve("cache-single"), false, 1, 1, () -> false);
        for (int i = 0; i < single.entries.size(); i++) {
            assertArrayEquals(new LatentCache(dir.resolve("cache-single")).read(single.entries.get(i).latent)[0],
                    new LatentCache(cache).read(whole.entries.get(i).latent)[0]);
        }
    }

    @Test
    void packsHoldEveryImageOncePerEpochWithinTheBudgetAndDependOnlyOnTheSeed() {
        int[] tokens = {4, 6, 2, 4, 8, 1, 3, 5, 7, 2};
        TokenPacker packer = new TokenPacker(tokens, 10, 42);
        for (long epoch = 0; epoch < 3; epoch++) {
            int[] seen = new int[tokens.length];
            for (int[] pack : packer.epoch(epoch)) {
                int sum = 0;
                for (int i : pack) {
                    seen[i]++;
                    sum += tokens[i];
                }
                assertTrue(sum <= 10, "pack " + Arrays.toString(pack) + " holds " + sum + " tokens");
            }
            int[] once = new int[tokens.length];
            Arrays.fill(once, 1);
            assertArrayEquals(once, seen, "epoch " + epoch);
        }
        assertEquals(render(packer.epoch(1)), render(new TokenPacker(tokens, 10, 42).epoch(1)));
        assertNotEquals(render(packer.epoch(0)), render(packer.epoch(1)), "each epoch its own order");
        assertThrows(IllegalArgumentException.class, () -> new TokenPacker(new int[] {11}, 10, 0));
    }

    private static String render(List<int[]> packs) {
        StringBuilder s = new StringBuilder();
        packs.forEach(p -> s.append(Arrays.toString(p)));
        return s.toString();
    }

    @Test
    void theOfficialLayoutIsWhatTheOfficialLoaderReads() throws Exception {
        Path cacheDir = dir.resolve("cache-official");
        LatentCache.Report report = encode(cacheDir, true, 1, 1, () -> false);
        Path out = dir.resolve("official");
        OfficialLatentExport.write(new LatentCache(cacheDir), report.entries, dataset, 16, 0, 1000, out);
        List<String> lines = Files.readAllLines(out.resolve("data_meta.jsonl"));
        assertEquals(dataset.entries.size(), lines.size());
        JsonObject line = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals("native-resolution", line.get("type").getAsString());
        Path latentFile = out.resolve("latents").resolve(line.get("latent_file").getAsString());
        assertTrue(Files.isRegularFile(dir.resolve("data").resolve(line.get("image_file").getAsString())),
                "image_file is relative to the dataset folder (image_dir)");
        try (SafetensorsFile f = SafetensorsFile.open(latentFile)) {
            long[] shape = f.info("latent").shape();
            assertArrayEquals(new long[] {2, 32, line.get("latent_h").getAsLong(), line.get("latent_w").getAsLong()}, shape);
            assertEquals(1000 + report.entries.get(0).classIndex, f.readInts("label")[0]);
        }
        JsonArray packs = JsonParser.parseString(Files.readString(out.resolve("packed_16.json"))).getAsJsonArray();
        int images = 0;
        for (int p = 0; p < packs.size(); p++) {
            images += packs.get(p).getAsJsonArray().size();
        }
        assertEquals(dataset.entries.size(), images);
        assertTrue(Files.readString(out.resolve("data_config.yaml")).contains("num_classes: 1002"));
    }
}
