package io.github.nitfiji.train;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The latent cache in the layout the official trainer reads (NiT {@code nit/data/packed_c2i_data.py},
 * {@code ImprovedPackedImageNetLatentDataset}, data type {@code native-resolution}), for runs on
 * several GPUs with the official Python trainer:
 * <ul>
 *   <li>{@code latents/<class>/<name>.safetensors}: {@code latent} [2, C, h, w] (the image and its
 *       mirror image, of which the loader picks one at random; the image twice when the cache has
 *       no flips) and {@code label} (int, the official class id: 1000 + k for class k);</li>
 *   <li>{@code data_meta.jsonl}: one line per image, {@code type}, {@code latent_file} (relative to
 *       {@code latents/}), {@code image_file} (relative to the dataset folder, which the loader opens
 *       for REPA's encoder), {@code latent_h}, {@code latent_w}, {@code label};</li>
 *   <li>{@code packed_<budget>.json}: the packs (lists of line numbers) that
 *       {@code tools/pack_dataset.py} would make, here first-fit up to {@code budget} tokens;</li>
 *   <li>{@code data_config.yaml}: the {@code data:} section of an official training config.</li>
 * </ul>
 */
public final class OfficialLatentExport {
    private OfficialLatentExport() {
    }

    /** Writes the export into {@code outDir} (a new or empty folder). */
    public static void write(LatentCache cache, List<LatentCache.CachedEntry> entries, Dataset dataset, int budget,
                             long seed, int numClasses, Path outDir) throws IOException {
        if (Files.exists(outDir)) {
            try (java.util.stream.Stream<Path> files = Files.list(outDir)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalArgumentException("--export-official " + outDir + " is not empty; give a new folder");
                }
            }
        }
        Path latents = Files.createDirectories(outDir.resolve("latents"));
        List<String> lines = new ArrayList<>();
        int[] tokens = new int[entries.size()];
        Gson gson = new Gson();
        for (int i = 0; i < entries.size(); i++) {
            LatentCache.CachedEntry e = entries.get(i);
            CachedLatent latent = e.latent;
            String className = dataset.classNames.get(e.classIndex);
            String file = safeName(className) + "/" + String.format("%06d", i) + ".safetensors";
            Files.createDirectories(latents.resolve(file).getParent());
            float[][] variants = cache.read(latent);
            float[] both = new float[2 * variants[0].length];
            System.arraycopy(variants[0], 0, both, 0, variants[0].length);
            System.arraycopy(variants[variants.length - 1], 0, both, variants[0].length, variants[0].length);
            int label = numClasses + e.classIndex;
            new SafetensorsWriter()
                    .put("latent", new long[] {2, variants[0].length / latent.latentSize().tokens(),
                            latent.latentSize().height, latent.latentSize().width}, both)
                    .putInts("label", new long[0], new int[] {label})
                    .write(latents.resolve(file));
            JsonObject line = new JsonObject();
            line.addProperty("type", "native-resolution");
            line.addProperty("latent_file", file);
            line.addProperty("image_file", latent.source);
            line.addProperty("latent_h", latent.latentSize().height);
            line.addProperty("latent_w", latent.latentSize().width);
            line.addProperty("label", label);
            lines.add(gson.toJson(line));
            tokens[i] = latent.latentSize().tokens();
        }
        AtomicFiles.write(outDir.resolve("data_meta.jsonl"), f -> Files.write(f, lines, StandardCharsets.UTF_8));
        JsonArray packs = new JsonArray();
        for (int[] pack : new TokenPacker(tokens, budget, seed).epoch(0)) {
            JsonArray p = new JsonArray();
            for (int i : pack) {
                p.add(i);
            }
            packs.add(p);
        }
        String packFile = "packed_" + budget + ".json";
        AtomicFiles.write(outDir.resolve(packFile), f -> Files.writeString(f, packs.toString(), StandardCharsets.UTF_8));
        Path imageDir = Files.isDirectory(dataset.source) ? dataset.source : dataset.source.toAbsolutePath().getParent();
        String yaml = String.join("\n",
                "# the data: section of an official NiT training config (configs/c2i/*.yaml)",
                "data:",
                "  data_type: improved_pack",
                "  dataset:",
                "    packed_json: " + outDir.toAbsolutePath().resolve(packFile),
                "    jsonl_dir: " + outDir.toAbsolutePath().resolve("data_meta.jsonl"),
                "    data_types: ['native-resolution']",
                "    latent_dirs: ['" + latents.toAbsolutePath() + "']",
                "    image_dir: " + imageDir.toAbsolutePath(),
                "  dataloader:",
                "    num_workers: 4",
                "    batch_size: 1",
                "# and in model.network.params: num_classes: " + (numClasses + dataset.classNames.size()), "");
        AtomicFiles.write(outDir.resolve("data_config.yaml"), f -> Files.writeString(f, yaml, StandardCharsets.UTF_8));
    }

    /** A class name as a folder name: anything but letters, digits, '-', '_' and '.' becomes '_'. */
    static String safeName(String className) {
        String s = className.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.startsWith(".") ? "_" + s : s;
    }
}
