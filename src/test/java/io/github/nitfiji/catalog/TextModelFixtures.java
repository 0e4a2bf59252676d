package io.github.nitfiji.catalog;

import io.github.nitfiji.io.SafetensorsWriter;
import io.github.nitfiji.io.TorchZipFixtures;
import io.github.nitfiji.model.gemma.GemmaConfig;
import io.github.nitfiji.model.tim.TimT2iConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tiny text-to-image cards and the files they describe, generated in a test's folder: a TiM-T2I
 * card (the bundled one with a 1-block architecture, weights as a {@code torch.save} zip) and a
 * gated Gemma card (2 layers; safetensors, config.json, tokenizer.json). {@code base} is the URL
 * the cards download from, e.g. a loopback server.
 */
final class TextModelFixtures {
    static final String TIM_CONFIG = "{\"hidden_size\": 16, \"depth\": 1, \"num_heads\": 2, \"mlp_ratio\": 4.0,"
            + " \"patch_size\": 1, \"in_channels\": 4, \"cap_feat_dim\": 8, \"qk_norm\": true, \"distance_aware\": true,"
            + " \"lora_hidden_size\": 4, \"new_condition\": \"t-r\", \"use_new_embed\": true}";
    static final String GEMMA_CONFIG = "{\"head_dim\": 4, \"hidden_activation\": \"gelu_pytorch_tanh\", \"hidden_size\": 8,"
            + " \"intermediate_size\": 16, \"num_attention_heads\": 2, \"num_hidden_layers\": 2, \"num_key_value_heads\": 1,"
            + " \"pad_token_id\": 0, \"query_pre_attn_scalar\": 4, \"rms_norm_eps\": 1e-06, \"rope_local_base_freq\": 10000,"
            + " \"rope_theta\": 1000000, \"sliding_window\": 4, \"sliding_window_pattern\": 2, \"vocab_size\": 16}";

    private TextModelFixtures() {
    }

    /** The bundled tim-t2i card as "tiny-t2i" with the tiny architecture and text encoder "tiny-gemma". */
    static String timCard(String base, boolean allowHttp) throws IOException {
        String json = Files.readString(Path.of("models", "tim-t2i.json"), StandardCharsets.UTF_8);
        int start = json.indexOf("\"config\": {");
        int end = json.indexOf('}', start) + 1;
        return (json.substring(0, start) + "\"config\": " + TIM_CONFIG + json.substring(end))
                .replace("\"id\": \"tim-t2i\"", "\"id\": \"tiny-t2i\"")
                .replace("\"text_encoder\": \"gemma-3-1b-it\"", "\"text_encoder\": \"tiny-gemma\"")
                .replace("https://huggingface.co/GoodEnough/TiM-T2I/resolve/main", base)
                .replace("\"approx_size\": 3500000000", "\"approx_size\": 3500000000" + allowHttp(allowHttp));
    }

    /** The bundled gemma-3-1b-it card (gated) as "tiny-gemma" with the tiny architecture. */
    static String gemmaCard(String base, boolean allowHttp) throws IOException {
        String json = Files.readString(Path.of("models", "gemma-3-1b-it.json"), StandardCharsets.UTF_8);
        int start = json.indexOf("\"config\": {");
        int end = json.indexOf("\"gated\"");
        return (json.substring(0, start) + "\"config\": " + GEMMA_CONFIG + ",\n  " + json.substring(end))
                .replace("\"id\": \"gemma-3-1b-it\"", "\"id\": \"tiny-gemma\"")
                .replace("https://huggingface.co/google/gemma-3-1b-it/resolve/main", base)
                .replace("\"approx_size\": 2000000000", "\"approx_size\": 2000000000" + allowHttp(allowHttp))
                .replace("\"approx_size\": 900", "\"approx_size\": 900" + allowHttp(allowHttp))
                .replace("\"approx_size\": 33400000", "\"approx_size\": 33400000" + allowHttp(allowHttp));
    }

    private static String allowHttp(boolean allow) {
        return allow ? ",\n      \"allow_http\": true" : "";
    }

    /** Writes both cards into the models folder's top level, where the catalog reads user cards. */
    static void writeCards(Path modelsRoot, String base, boolean allowHttp) throws IOException {
        Files.createDirectories(modelsRoot);
        Files.writeString(modelsRoot.resolve("tiny-t2i.json"), timCard(base, allowHttp), StandardCharsets.UTF_8);
        Files.writeString(modelsRoot.resolve("tiny-gemma.json"), gemmaCard(base, allowHttp), StandardCharsets.UTF_8);
    }

    /** {@code t2i_model.bin}: every tensor the tiny TiM-T2I reads, zeros, as a torch.save zip. */
    static byte[] timWeights() throws IOException {
        Map<String, long[]> shapes = TimT2iConfig.fromJson(TIM_CONFIG, "tiny").expectedShapes();
        Map<String, byte[]> storages = new LinkedHashMap<>();
        int key = 0;
        for (long[] shape : shapes.values()) {
            storages.put(String.valueOf(key++), TorchZipFixtures.floats(new float[(int) count(shape)]));
        }
        return TorchZipFixtures.zip(TorchZipFixtures.stateDictPickle(shapes), storages);
    }

    /** {@code model.safetensors} of the tiny Gemma, or with one tensor's shape changed when {@code wrong}. */
    static void writeGemmaWeights(Path target, boolean wrong) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        for (Map.Entry<String, long[]> e : GemmaConfig.fromJson(GEMMA_CONFIG, "tiny").expectedShapes().entrySet()) {
            long[] shape = e.getValue().clone();
            if (wrong && e.getKey().equals("model.norm.weight")) {
                shape[0]++;
            }
            w.put(e.getKey(), shape, new float[(int) count(shape)]);
        }
        w.write(target);
    }

    /** A folder holding every file of both tiny cards, by their card names. */
    static Path writeFiles(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.write(folder.resolve("t2i_model.bin"), timWeights());
        writeGemmaWeights(folder.resolve("model.safetensors"), false);
        Files.writeString(folder.resolve("config.json"), GEMMA_CONFIG, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}",
                StandardCharsets.UTF_8);
        return folder;
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return n;
    }
}
