package io.github.nitfiji.robustness;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.Golden;
import io.github.nitfiji.catalog.DownloadListener;
import io.github.nitfiji.catalog.ModelCard;
import io.github.nitfiji.catalog.ModelDownloader;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.catalog.ModelStore;
import io.github.nitfiji.catalog.ModelsFolder;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsFormatException;
import io.github.nitfiji.io.TensorInfo;
import io.github.nitfiji.io.TorchCheckpoint;
import io.github.nitfiji.io.TorchCheckpointFormatException;
import io.github.nitfiji.io.TorchZipFixtures;
import io.github.nitfiji.model.ModelConfigException;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.nit.NitConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded mutation fuzzer over the loaders: every mutated input must either load or fail with
 * our own exception type. A JVM abort (e.g. a BF16 tensor reaching DJL) would end the run; an
 * unexpected exception type or an OutOfMemoryError fails the test with the offending seed.
 */
class LoadingFuzzTest {
    private static final long SEED = 20261126L;
    private static final long TIME_BUDGET_NANOS = 20_000_000_000L;
    private static final int MAX_ITERATIONS = 30_000;
    /** Per parser: JSON parsers are fast, so a few seconds is thousands of inputs. */
    private static final long PARSER_BUDGET_NANOS = 3_000_000_000L;
    private static final long TORCH_BUDGET_NANOS = 10_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void safetensorsReaderOnlyThrowsItsOwnException() throws Exception {
        byte[] base = baseFile();
        Random random = new Random(SEED);
        Path file = dir.resolve("fuzz.safetensors");
        int loaded = 0;
        int rejected = 0;
        int iterations = 0;
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            while (iterations < MAX_ITERATIONS && System.nanoTime() - start < TIME_BUDGET_NANOS) {
                byte[] mutated = Mutations.mutate(base, random);
                Files.write(file, mutated);
                iterations++;
                try (SafetensorsFile f = SafetensorsFile.open(file); NDManager scratch = manager.newSubManager()) {
                    for (TensorInfo info : f.tensors().values()) {
                        if (info.dtype().isFloating()) {
                            f.readFloats(info.name());
                            f.load(info.name(), scratch, DataType.FLOAT32).close();
                        } else {
                            f.load(info.name(), scratch, DataType.FLOAT32).close();
                        }
                    }
                    f.metadata();
                    loaded++;
                } catch (SafetensorsFormatException expected) {
                    rejected++;
                } catch (Throwable t) {
                    throw new AssertionError("iteration " + iterations + " (seed " + SEED + "): unexpected " + t, t);
                }
            }
        }
        System.out.printf("safetensors fuzz: %d mutated files, %d loaded, %d rejected, %.1f s%n",
                iterations, loaded, rejected, (System.nanoTime() - start) / 1e9);
        assertTrue(iterations >= 2_000, "enough iterations to matter: " + iterations);
        assertTrue(rejected > 0 && loaded > 0, "mutations reach both outcomes");
    }

    /**
     * Half the inputs mutate the pickle inside an intact zip (the part the safe unpickler trusts
     * least), half mutate the whole zip; both must load or be refused with our own exception.
     */
    @Test
    void torchCheckpointReaderOnlyThrowsItsOwnException() throws Exception {
        byte[] pickle = torchBasePickle();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        storages.put("0", TorchZipFixtures.floats(0, 1, 2, 3, 4, 5));
        storages.put("1", new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        storages.put("2", new byte[16]);
        byte[] zip = TorchZipFixtures.zip(pickle, storages);
        Random random = new Random(SEED + 4);
        Path file = dir.resolve("fuzz.bin");
        int loaded = 0;
        int rejected = 0;
        int iterations = 0;
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            while (iterations < MAX_ITERATIONS && System.nanoTime() - start < TORCH_BUDGET_NANOS) {
                boolean inner = random.nextBoolean();
                Files.write(file, inner ? TorchZipFixtures.zip(Mutations.mutate(pickle, random), storages)
                        : Mutations.mutate(zip, random));
                iterations++;
                try (TorchCheckpoint c = TorchCheckpoint.open(file); NDManager scratch = manager.newSubManager()) {
                    for (TensorInfo info : c.tensors().values()) {
                        if (info.dtype().isFloating()) {
                            c.readFloats(info.name());
                        }
                        c.load(info.name(), scratch, DataType.FLOAT32).close();
                    }
                    loaded++;
                } catch (TorchCheckpointFormatException expected) {
                    rejected++;
                } catch (Throwable t) {
                    throw new AssertionError("iteration " + iterations + " (seed " + (SEED + 4) + ", "
                            + (inner ? "pickle" : "zip") + " mutation): unexpected " + t, t);
                }
            }
        }
        System.out.printf("torch checkpoint fuzz: %d mutated files, %d loaded, %d rejected, %.1f s%n",
                iterations, loaded, rejected, (System.nanoTime() - start) / 1e9);
        assertTrue(iterations >= 300, "enough iterations to matter (a loaded shared CPU gives ~60/s): " + iterations);
        assertTrue(rejected > 0 && loaded > 0, "mutations reach both outcomes");
    }

    /** Four tensors: a contiguous F32, a transposed view of the same storage, a BF16 and an I64. */
    private static byte[] torchBasePickle() {
        return new TorchZipFixtures().orderedDict().op('(')
                .str("a").tensor("FloatStorage", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1})
                .str("a_t").tensor("FloatStorage", "0", 6, 0, new long[] {3, 2}, new long[] {1, 3})
                .str("b").tensor("BFloat16Storage", "1", 4, 1, new long[] {3}, new long[] {1})
                .str("c").tensor("LongStorage", "2", 2, 0, new long[] {2, 1}, new long[] {1, 1})
                .op('u').op('.').pickle();
    }

    @Test
    void nitConfigParserOnlyThrowsItsOwnException() {
        byte[] base = NitConfig.xl().toJson().getBytes(StandardCharsets.UTF_8);
        int parsed = fuzzParser("NiT config", base, SEED + 1, 20_000, Long.MAX_VALUE, ModelConfigException.class,
                json -> NitConfig.fromJson(json, "fuzz"));
        assertTrue(parsed > 0);
    }

    @Test
    void textToImageConfigParsersOnlyThrowTheirOwnException() throws Exception {
        byte[] gemmaBase = Golden.json("tim_t2i/tim_t2i.json").get("gemma_config")
                .toString().getBytes(StandardCharsets.UTF_8);
        int parsed = fuzzParser("Gemma config", gemmaBase, SEED + 5, MAX_ITERATIONS, PARSER_BUDGET_NANOS,
                ModelConfigException.class, json -> GemmaConfig.fromJson(json, "fuzz"));
        assertTrue(parsed > 0, "some mutated Gemma configs still parse");
        byte[] timBase = TimT2iConfig.xl().toJson().getBytes(StandardCharsets.UTF_8);
        parsed = fuzzParser("TiM-T2I config", timBase, SEED + 6, MAX_ITERATIONS, PARSER_BUDGET_NANOS,
                ModelConfigException.class, json -> TimT2iConfig.fromJson(json, "fuzz"));
        assertTrue(parsed > 0, "some mutated TiM-T2I configs still parse");
    }

    @Test
    void dcAeConfigParserOnlyThrowsItsOwnException() {
        byte[] base = Golden.index().get("dcae_config").toString().getBytes(StandardCharsets.UTF_8);
        int parsed = fuzzParser("DC-AE config", base, SEED + 2, MAX_ITERATIONS, PARSER_BUDGET_NANOS,
                ModelConfigException.class, DcAeConfig::fromJson);
        assertTrue(parsed > 0, "some mutated configs still parse");
    }

    @Test
    void modelCardParserOnlyThrowsItsOwnException() throws Exception {
        byte[] base = Files.readAllBytes(Paths.get("models", "nit-xl-1000k.json"));
        int parsed = fuzzParser("model card", base, SEED + 3, MAX_ITERATIONS, PARSER_BUDGET_NANOS,
                ModelException.class, json -> ModelCard.parse(json, "fuzz"));
        assertTrue(parsed > 0, "some mutated cards still parse");
    }

    @Test
    void duplicateTensorNamesAreAlwaysRefused() throws Exception {
        byte[] base = baseFile();
        int headerLength = (int) ByteBuffer.wrap(base, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        com.google.gson.JsonObject parsed = com.google.gson.JsonParser.parseString(
                new String(base, 8, headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
        byte[] data = java.util.Arrays.copyOfRange(base, 8 + headerLength, base.length);
        java.util.List<String> names = new java.util.ArrayList<>(parsed.keySet());
        Random random = new Random(SEED + 4);
        Path file = dir.resolve("dup.safetensors");
        int iterations = 0;
        long start = System.nanoTime();
        while (iterations < 5_000 && System.nanoTime() - start < PARSER_BUDGET_NANOS) {
            // repeat one name (with its own body or another entry's) at a random place
            java.util.List<String> list = new java.util.ArrayList<>();
            for (String n : names) {
                list.add(com.google.gson.JsonParser.parseString("\"" + n + "\"") + ":" + parsed.get(n));
            }
            String name = names.get(random.nextInt(names.size()));
            String body = parsed.get(names.get(random.nextInt(names.size()))).toString();
            list.add(random.nextInt(list.size() + 1), "\"" + name + "\":" + body);
            byte[] h = ("{" + String.join(",", list) + "}").getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(h.length).put(h).put(data);
            Files.write(file, b.array());
            iterations++;
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
                    () -> SafetensorsFile.open(file).close(), "iteration " + iterations + " (seed " + (SEED + 4) + ")");
            assertTrue(e.getMessage().contains("more than once"), e.getMessage());
        }
        System.out.printf("duplicate-name fuzz: %d headers with a repeated name, all refused, %.1f s%n", iterations,
                (System.nanoTime() - start) / 1e9);
        assertTrue(iterations >= 100, "enough iterations to matter: " + iterations);
    }

    /** The header with spaces after one of its commas: the same JSON, so the same model. */
    private static byte[] spaced(byte[] header, Random random) {
        String text = new String(header, StandardCharsets.UTF_8);
        int comma = text.indexOf("},", random.nextInt(text.length()));
        if (comma < 0) {
            return header;
        }
        return (text.substring(0, comma + 2) + "   " + text.substring(comma + 2)).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The install check over mutated headers of a real model: every file is installed (it still has
     * every tensor the card's architecture reads) or refused with a ModelException, nothing else.
     */
    @Test
    void installCheckOnlyAcceptsOrRefuses() throws Exception {
        // a NiT small enough that thousands of installs fit in seconds, as a card without a hash
        String json = Files.readString(Paths.get("models/smoke-test.json"))
                .replace("\"id\": \"smoke-test\"", "\"id\": \"fuzz-nit\"")
                .replace("\"hidden_size\": 96", "\"hidden_size\": 8").replace("\"depth\": 3", "\"depth\": 1")
                .replace("\"num_heads\": 4", "\"num_heads\": 2").replace("\"num_classes\": 1000", "\"num_classes\": 3")
                .replaceAll("\"bundled\": \"[^\"]*\"", "\"bundled\": null")
                .replace("\"url\": null", "\"url\": \"https://example.org/nit.safetensors\"")
                .replaceAll("\"size\": \\d+", "\"size\": null")
                .replaceAll("\"sha256\": \"[0-9a-f]+\"", "\"sha256\": null");
        Path model = dir.resolve("tiny.safetensors");
        io.github.nitfiji.io.SafetensorsWriter writer = new io.github.nitfiji.io.SafetensorsWriter();
        NitConfig tiny = NitConfig.fromJson(ModelCard.parse(json, "t").config().toString(), "t");
        tiny.expectedShapes().forEach((k, shape) -> writer.put(k, shape,
                new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, c) -> a * c)]));
        writer.write(model);
        byte[] base = Files.readAllBytes(model);
        int headerLength = (int) ByteBuffer.wrap(base, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] header = java.util.Arrays.copyOfRange(base, 8, 8 + headerLength);
        byte[] data = java.util.Arrays.copyOfRange(base, 8 + headerLength, base.length);
        ModelCard card = ModelCard.parse(json, "fuzz-nit.json");
        ModelStore store = ModelStore.open(ModelsFolder.at(dir.resolve("models"), "fuzz"));
        Path target = store.target(card, card.weightsFile());
        Path file = dir.resolve("nit.safetensors");
        new ModelDownloader(store).installFromFile(card, model, DownloadListener.NONE);
        Files.delete(target);
        Random random = new Random(SEED + 5);
        int installed = 0;
        int refused = 0;
        int iterations = 0;
        long start = System.nanoTime();
        while (iterations < 2_000 && System.nanoTime() - start < 6_000_000_000L) {
            // most mutations break the header; one in four only adds spaces after a comma, which must pass
            byte[] h = random.nextInt(4) == 0 ? spaced(header, random) : Mutations.mutate(header, random);
            ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(random.nextInt(16) == 0 ? random.nextLong() : h.length).put(h).put(data);
            Files.write(file, b.array());
            iterations++;
            try {
                new ModelDownloader(store).installFromFile(card, file, DownloadListener.NONE);
                installed++;
                try (SafetensorsFile f = SafetensorsFile.open(target)) {
                    assertTrue(f.tensors().keySet().containsAll(NitConfig.fromJson(card.config().toString(), "card")
                            .expectedShapes().keySet()), "an installed file has every tensor");
                }
                Files.delete(target);
            } catch (ModelException expected) {
                refused++;
                assertTrue(!Files.exists(target), "a refused file is not installed");
            } catch (Throwable t) {
                throw new AssertionError("iteration " + iterations + " (seed " + (SEED + 5) + "): unexpected " + t, t);
            }
        }
        System.out.printf("install-check fuzz: %d mutated model files, %d installed, %d refused, %.1f s%n",
                iterations, installed, refused, (System.nanoTime() - start) / 1e9);
        assertTrue(iterations >= 100, "enough iterations to matter: " + iterations);
        assertTrue(installed > 0 && refused > 0, "mutations reach both outcomes");
    }

    /** What a fuzzed parser is called with; it may throw anything, which is the point. */
    private interface Parser {
        void parse(String text) throws Exception;
    }

    /**
     * Feeds seeded mutations of {@code base} to {@code parser} until {@code maxIterations} or the
     * time budget; anything thrown but {@code allowed} fails with the iteration and the input.
     * Returns how many mutated inputs parsed.
     */
    private static int fuzzParser(String what, byte[] base, long seed, int maxIterations, long budgetNanos,
                                  Class<? extends Exception> allowed, Parser parser) {
        Random random = new Random(seed);
        int parsed = 0;
        int iterations = 0;
        long start = System.nanoTime();
        while (iterations < maxIterations && System.nanoTime() - start < budgetNanos) {
            String text = new String(Mutations.mutate(base, random), StandardCharsets.UTF_8);
            iterations++;
            try {
                parser.parse(text);
                parsed++;
            } catch (Throwable t) {
                if (!allowed.isInstance(t)) {
                    throw new AssertionError("iteration " + iterations + " (seed " + seed + "): unexpected " + t
                            + " for " + text, t);
                }
            }
        }
        System.out.printf("%s fuzz: %d mutated inputs, %d parsed, %.1f s%n", what, iterations, parsed,
                (System.nanoTime() - start) / 1e9);
        return parsed;
    }

    /** A small file with one tensor of every supported dtype and some metadata. */
    private static byte[] baseFile() {
        String header = "{\"__metadata__\":{\"config\":\"{}\",\"note\":\"fuzz\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[24,32]},"
                + "\"c\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[32,40]},"
                + "\"d\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[40,56]},"
                + "\"e\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[56,64]},"
                + "\"f\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[64,72]},"
                + "\"g\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[72,80]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 80).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < 80; i++) {
            b.put((byte) (i * 37));
        }
        return b.array();
    }
}
