package io.github.nitfiji.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.nitfiji.Golden;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.io.SafetensorsFile;
import io.github.nitfiji.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The official trainer's reference steps in {@code golden/train/}. */
public final class TrainGolden {
    public static final String WEIGHTS = "train/nit_train_tiny.safetensors";
    public static final String CASES = "train/train_cases.safetensors";

    private TrainGolden() {
    }

    public static JsonObject index() {
        return Golden.json("train/train.json");
    }

    public static List<JsonObject> steps() {
        List<JsonObject> steps = new ArrayList<>();
        for (JsonElement e : index().getAsJsonArray("steps")) {
            steps.add(e.getAsJsonObject());
        }
        return steps;
    }

    /** Writes each golden step as a {@code train step} batch file in {@code dir}; returns them in order. */
    public static List<Path> writeBatches(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        try (SafetensorsFile cases = SafetensorsFile.open(TestFiles.golden(CASES))) {
            for (JsonObject step : steps()) {
                String name = step.get("name").getAsString();
                JsonArray hw = step.getAsJsonArray("hw");
                int[] hwValues = new int[2 * hw.size()];
                for (int i = 0; i < hw.size(); i++) {
                    hwValues[2 * i] = hw.get(i).getAsJsonArray().get(0).getAsInt();
                    hwValues[2 * i + 1] = hw.get(i).getAsJsonArray().get(1).getAsInt();
                }
                JsonArray labels = step.getAsJsonArray("labels");
                int[] labelValues = new int[labels.size()];
                for (int i = 0; i < labelValues.length; i++) {
                    labelValues[i] = labels.get(i).getAsInt();
                }
                float[] x0 = cases.readFloats(name + ".x0");
                float[] t = cases.readFloats(name + ".t");
                Path file = dir.resolve(name + ".safetensors");
                new SafetensorsWriter()
                        .put("x0", new long[] {x0.length / 32, 32}, x0)
                        .put("noise", new long[] {x0.length / 32, 32}, cases.readFloats(name + ".noise"))
                        .put("t", new long[] {t.length}, t)
                        .putInts("hw", new long[] {hw.size(), 2}, hwValues)
                        .putInts("labels", new long[] {labelValues.length}, labelValues)
                        .write(file);
                files.add(file);
            }
        }
        return files;
    }
}
