package io.github.nitfiji.train;

import com.google.gson.JsonArray;
import io.github.nitfiji.io.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The weights file of a fine-tune: LoRA's {@code <layer>.lora_A.weight} [rank, in] and
 * {@code <layer>.lora_B.weight} [out, rank] per adapted layer, or every weight under its official
 * key (full fine-tuning), plus {@code y_embedder.new_classes} [K, D]; the metadata names the mode,
 * rank, alpha, the base's SHA-256 and the classes. Values are fetched one tensor at a time while
 * the file is written, so a full NiT-XL never sits in the Java heap.
 */
final class FineTuneWeights {
    /** One tensor: its shape and where its values come from. */
    static final class Tensor {
        final long[] shape;
        final Supplier<float[]> values;

        Tensor(long[] shape, Supplier<float[]> values) {
            this.shape = shape.clone();
            this.values = values;
        }
    }

    private FineTuneWeights() {
    }

    static void write(Path file, Map<String, Tensor> tensors, boolean full, int rank, double alpha, String baseSha256,
                      List<String> classes) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter();
        tensors.forEach((name, t) -> w.putLater(name, t.shape, t.values));
        JsonArray names = new JsonArray();
        classes.forEach(names::add);
        w.metadata("format", "nit-finetune")
                .metadata("mode", full ? "full" : "lora")
                .metadata("rank", Integer.toString(rank))
                .metadata("alpha", Double.toString(alpha))
                .metadata("base_sha256", baseSha256)
                .metadata("classes", names.toString())
                .write(file);
    }
}
