package io.github.nitfiji;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.model.dcae.DcAeConfig;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A models folder holding the golden tiny TiM models as a user would install them: a card per
 * model next to a folder with its files, and a tiny DC-AE decoder of 8 latent channels (the tiny
 * TiMs make 8) with seeded random weights, so that a request runs from prompt to image.
 */
public final class TinyTimModels {
    public static final String DECODER = "tiny-dcae8";
    public static final String C2I = "tiny-tim-c2i";
    public static final String T2I = "tiny-tim-t2i";
    public static final String GEMMA = "tiny-gemma";

    private TinyTimModels() {
    }

    /** Writes the cards and files into {@code models}. */
    public static void install(Path models) throws IOException {
        Files.createDirectories(models);
        installDecoder(models);
        JsonObject c2i = bundledCard("tim-c2i-512.json");
        c2i.addProperty("id", C2I);
        c2i.addProperty("decoder", DECODER);
        // the golden model's constructor arguments over the released card's (which names every field)
        JsonObject config = c2i.getAsJsonObject("config");
        TimGolden.index().getAsJsonObject("config").entrySet().forEach(e -> config.add(e.getKey(), e.getValue()));
        c2i.add("files", files("tim.safetensors"));
        Files.createDirectories(models.resolve(C2I));
        Files.copy(TimGolden.weights(), models.resolve(C2I).resolve("tim.safetensors"));
        write(models.resolve(C2I + ".json"), c2i);
        installTextModel(models);
    }

    /** The golden TiM-T2I ({@code .bin} as released) with the golden Gemma and tokenizer as its text encoder. */
    private static void installTextModel(Path models) throws IOException {
        JsonObject t2i = bundledCard("tim-t2i.json");
        t2i.addProperty("id", T2I);
        t2i.addProperty("decoder", DECODER);
        t2i.addProperty("text_encoder", GEMMA);
        JsonObject config = t2i.getAsJsonObject("config");
        JsonObject golden = Golden.json("tim_t2i/tim_t2i.json").getAsJsonObject("config");
        golden.entrySet().forEach(e -> config.add(e.getKey(), e.getValue()));
        t2i.add("files", files("t2i_model.bin"));
        Files.createDirectories(models.resolve(T2I));
        Files.copy(TestFiles.golden("tim_t2i/tim_t2i_tiny.bin"), models.resolve(T2I).resolve("t2i_model.bin"));
        write(models.resolve(T2I + ".json"), t2i);

        Path gemmaWeights = TestFiles.golden("tim_t2i/gemma_tiny.safetensors");
        String gemmaConfig;
        try (SafetensorsFile f = SafetensorsFile.open(gemmaWeights)) {
            gemmaConfig = f.metadata().get("config");
        }
        JsonObject gemma = bundledCard("gemma-3-1b-it.json");
        gemma.addProperty("id", GEMMA);
        gemma.add("config", JsonParser.parseString(gemmaConfig));
        JsonArray files = new JsonArray();
        files.add(files("model.safetensors").get(0));
        files.add(file("config.json", "config"));
        files.add(file("tokenizer.json", "tokenizer"));
        gemma.add("files", files);
        Path folder = Files.createDirectories(models.resolve(GEMMA));
        Files.copy(gemmaWeights, folder.resolve("model.safetensors"));
        Files.write(folder.resolve("config.json"), gemmaConfig.getBytes(StandardCharsets.UTF_8));
        Files.copy(TestFiles.golden("tim_t2i/tokenizer.json"), folder.resolve("tokenizer.json"));
        write(models.resolve(GEMMA + ".json"), gemma);
    }

    /** The tiny decoder's architecture. */
    public static DcAeConfig decoderConfig() throws IOException {
        return DcAeConfig.fromJson(decoderConfigJson().toString());
    }

    /** The tiny decoder's weights file inside {@code models}. */
    public static Path decoderWeights(Path models) {
        return models.resolve(DECODER).resolve("dcae.safetensors");
    }

    private static JsonObject decoderConfigJson() throws IOException {
        JsonObject config = bundledCard("smoke-test-dcae.json").getAsJsonObject("config").deepCopy();
        config.addProperty("latent_channels", 8);
        return config;
    }

    private static void installDecoder(Path models) throws IOException {
        JsonObject card = bundledCard("smoke-test-dcae.json");
        card.addProperty("id", DECODER);
        card.add("config", decoderConfigJson());
        card.add("files", files("dcae.safetensors"));
        Files.createDirectories(models.resolve(DECODER));
        SafetensorsWriter weights = new SafetensorsWriter().metadata("config", decoderConfigJson().toString());
        Map<String, long[]> shapes = new TreeMap<>(DcAeDecoder.expectedShapes(decoderConfig()));
        SplittableRandom random = new SplittableRandom(8);
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long[] shape = e.getValue();
            long size = 1;
            for (long s : shape) {
                size *= s;
            }
            float[] values = new float[Math.toIntExact(size)];
            // scaled like a fresh PyTorch layer, norm scales near 1, so activations stay in range
            double half = shape.length > 1 ? Math.sqrt(3.0 * shape[0] / size) : 0.02;
            double mean = shape.length == 1 && e.getKey().endsWith(".weight") ? 1 : 0;
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (mean + half * (2 * random.nextDouble() - 1));
            }
            weights.put(e.getKey(), shape, values);
        }
        weights.write(decoderWeights(models));
        write(models.resolve(DECODER + ".json"), card);
    }

    private static JsonArray files(String path) {
        JsonArray files = new JsonArray();
        files.add(file(path, "weights"));
        return files;
    }

    private static JsonObject file(String path, String role) {
        JsonObject file = new JsonObject();
        file.addProperty("path", path);
        file.addProperty("role", role);
        file.addProperty("url", "https://example.invalid/" + path);
        file.add("size", JsonNull.INSTANCE);
        file.add("sha256", JsonNull.INSTANCE);
        return file;
    }

    private static JsonObject bundledCard(String name) throws IOException {
        try (InputStream in = TinyTimModels.class.getResourceAsStream("/models/" + name)) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    private static void write(Path file, JsonObject card) throws IOException {
        Files.write(file, card.toString().getBytes(StandardCharsets.UTF_8));
    }
}
