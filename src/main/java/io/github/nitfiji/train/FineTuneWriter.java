package io.github.nitfiji.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.nitfiji.catalog.Sha256;
import io.github.nitfiji.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * Installs a run's result as a model of kind {@code nit-finetune} in the models folder: its weights
 * file ({@link FineTuneWeights}, the EMA of the run) copied to {@code <models>/<id>/finetune.safetensors},
 * then its card {@code <models>/<id>.json}
 * naming the base (id and SHA-256), the classes and how it was trained. The card is written last:
 * a fine-tune whose card exists is complete.
 */
public final class FineTuneWriter {
    static final String WEIGHTS = "finetune.safetensors";
    /** The id of a fine-tune's first own class on a 1000-class base (the null class stays 1000). */
    public static final int FIRST_CLASS = 1001;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** What is known about the base model. */
    public static final class Base {
        public final String id;
        public final String sha256;
        public final String decoderId;
        /** The base's official constructor arguments. */
        public final JsonObject config;

        public Base(String id, String sha256, String decoderId, JsonObject config) {
            this.id = id;
            this.sha256 = sha256;
            this.decoderId = decoderId;
            this.config = config;
        }
    }

    private FineTuneWriter() {
    }

    /** Throws unless {@code id} is a valid new id in {@code modelsRoot}. */
    public static void checkNewId(Path modelsRoot, String id) {
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("--name '" + id + "' must be lower-case letters, digits, '.', '_' or '-'"
                    + " (it names a folder), e.g. my-cells");
        }
        if (Files.exists(modelsRoot.resolve(id + ".json")) || Files.exists(modelsRoot.resolve(id))) {
            throw new IllegalArgumentException("a model '" + id + "' is already installed in " + modelsRoot
                    + "; choose another --name (or remove that model first)");
        }
    }

    /** Writes the fine-tune; returns its card file. */
    public static Path install(Path modelsRoot, String id, Base base, Dataset dataset, TrainingSettings settings,
                               TrainingRun.Outcome outcome) throws IOException {
        checkNewId(modelsRoot, id);
        Path dir = Files.createDirectories(modelsRoot.resolve(id));
        Path weights = dir.resolve(WEIGHTS);
        AtomicFiles.write(weights, f -> Files.copy(outcome.weights, f, StandardCopyOption.REPLACE_EXISTING));
        JsonArray classes = new JsonArray();
        dataset.classNames.forEach(classes::add);
        Path card = modelsRoot.resolve(id + ".json");
        String text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create()
                .toJson(card(id, base, dataset, settings, outcome, classes, weights)) + "\n";
        AtomicFiles.write(card, f -> Files.writeString(f, text, StandardCharsets.UTF_8));
        return card;
    }

    private static JsonObject card(String id, Base base, Dataset dataset, TrainingSettings settings,
                                   TrainingRun.Outcome outcome, JsonArray classes, Path weights) throws IOException {
        JsonObject card = new JsonObject();
        card.addProperty("id", id);
        card.addProperty("kind", "nit-finetune");
        card.addProperty("name", id + " (fine-tune of " + base.id + ")");
        card.addProperty("description", "Fine-tune of " + base.id + " on " + outcome.images + " images of "
                + dataset.classNames.size() + " classes (" + (outcome.full ? "full" : "LoRA rank " + outcome.rank)
                + ", " + outcome.steps + " steps). Its classes are " + FIRST_CLASS + ".."
                + (FIRST_CLASS - 1 + dataset.classNames.size())
                + "; ImageNet's 0..999 and the null class 1000 stay as in the base.");
        card.addProperty("decoder", base.decoderId);
        card.add("config", base.config.deepCopy());
        JsonObject baseRef = new JsonObject();
        baseRef.addProperty("id", base.id);
        baseRef.addProperty("sha256", base.sha256);
        card.add("base", baseRef);
        card.add("classes", classes);
        JsonObject file = new JsonObject();
        file.addProperty("path", WEIGHTS);
        file.addProperty("role", "weights");
        file.addProperty("size", Files.size(weights));
        file.addProperty("sha256", Sha256.of(weights, bytes -> { }));
        JsonArray files = new JsonArray();
        files.add(file);
        card.add("files", files);
        JsonObject training = settings.identity(outcome.tokenBudget);
        training.addProperty("steps", outcome.steps);
        training.addProperty("final_loss", outcome.finalLoss);
        training.addProperty("dataset", dataset.source.toString());
        training.addProperty("dataset_images", outcome.images);
        training.addProperty("dataset_digest", outcome.datasetDigest);
        training.addProperty("weights", "EMA (decay " + settings.emaDecay + ")");
        card.add("training", training);
        card.addProperty("licence", "as the base model " + base.id);
        card.addProperty("citation", "Fine-tune of " + base.id + " (NiT: Wang et al., Native-Resolution Image Synthesis,"
                + " arXiv:2506.03131, 2025)");
        return card;
    }
}
