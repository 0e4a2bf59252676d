package io.github.nitfiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's checkpoint ({@code checkpoint.safetensors} in the run folder): the trained arrays as the
 * forward computes with them ({@code weights.<name>}, so a resumed run continues from the very same
 * floats), the optimizer and EMA state ({@code state.<name>.<part>}) and, in the metadata, the step,
 * the data-order position (epoch and pack), the recent losses, what the run must match to resume
 * ({@code identity}: settings, base SHA-256, dataset digest, classes). Random draws depend on the
 * seed and the step alone ({@link StepRandom}), so the step is the random state. Written atomically:
 * a crash or a full disk while writing leaves the previous checkpoint as it was.
 */
final class TrainingCheckpoint {
    static final String FILE = "checkpoint.safetensors";
    static final String FORMAT = "nit-train-checkpoint";

    final long step;
    final long epoch;
    final int pack;
    final JsonObject identity;
    final List<Double> recentLosses;
    final Map<String, float[]> weights;
    final Map<String, float[]> state;

    TrainingCheckpoint(long step, long epoch, int pack, JsonObject identity, List<Double> recentLosses,
                       Map<String, float[]> weights, Map<String, float[]> state) {
        this.step = step;
        this.epoch = epoch;
        this.pack = pack;
        this.identity = identity;
        this.recentLosses = recentLosses;
        this.weights = weights;
        this.state = state;
    }

    /** Writes the model's arrays and state as they are now. */
    static void write(Path file, TrainableModel model, TrainerState state, long epoch, int pack, JsonObject identity,
                      List<Double> recentLosses) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        for (TrainedTensor t : model.tensors) {
            w.putLater("weights." + t.name, t.value.getShape().getShape(), t.value::toFloatArray);
        }
        Map<String, float[]> exported = state.export();
        for (int i = 0; i < state.tensors.size(); i++) {
            TrainedTensor t = state.tensors.get(i);
            for (String part : TrainerState.PARTS) {
                String key = t.name + "." + part;
                w.put("state." + key, t.value.getShape().getShape(), exported.get(key));
            }
        }
        JsonArray losses = new JsonArray();
        recentLosses.forEach(losses::add);
        w.metadata("format", FORMAT)
                .metadata("step", Long.toString(state.steps))
                .metadata("epoch", Long.toString(epoch))
                .metadata("pack", Integer.toString(pack))
                .metadata("identity", identity.toString())
                .metadata("recent_losses", losses.toString());
        try {
            w.write(file);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException("could not write the checkpoint " + file + " (" + reason + "); the previous checkpoint"
                    + " is kept: free some space and continue with --resume", e);
        }
    }

    static TrainingCheckpoint read(Path file) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            Map<String, String> meta = f.metadata();
            if (!FORMAT.equals(meta.get("format"))) {
                throw new IllegalArgumentException(file + " is not a training checkpoint of this program");
            }
            Map<String, float[]> weights = new LinkedHashMap<>();
            Map<String, float[]> state = new LinkedHashMap<>();
            for (String key : f.tensors().keySet()) {
                if (key.startsWith("weights.")) {
                    weights.put(key.substring("weights.".length()), f.readFloats(key));
                } else if (key.startsWith("state.")) {
                    state.put(key.substring("state.".length()), f.readFloats(key));
                }
            }
            List<Double> losses = new ArrayList<>();
            JsonParser.parseString(meta.get("recent_losses")).getAsJsonArray().forEach(e -> losses.add(e.getAsDouble()));
            return new TrainingCheckpoint(Long.parseLong(meta.get("step")), Long.parseLong(meta.get("epoch")),
                    Integer.parseInt(meta.get("pack")), JsonParser.parseString(meta.get("identity")).getAsJsonObject(),
                    losses, weights, state);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IOException(file + " is damaged (" + e.getMessage() + "); resume from another run folder or start"
                    + " again without --resume", e);
        }
    }

    /** Puts the checkpoint's arrays and state into {@code model} and {@code state}; checks the identity first. */
    void restore(Path file, TrainableModel model, TrainerState trainer, JsonObject expected) {
        if (!identity.equals(expected)) {
            throw new IllegalArgumentException("the checkpoint " + file + " was written by a run with other settings,"
                    + " base or data (" + identity + ", now " + expected + "); resume with the same options, or start"
                    + " a new run folder");
        }
        for (TrainedTensor t : model.tensors) {
            float[] v = weights.get(t.name);
            if (v == null || v.length != t.size()) {
                throw new IllegalArgumentException(file + " has no array '" + t.name + "' of " + t.size() + " values");
            }
            t.value.set(v);
        }
        trainer.restore(state, step, file.toString());
    }

    static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }
}
