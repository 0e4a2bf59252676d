package io.github.nitfiji.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.djl.translate.NoopTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * PyTorch's fused scaled-dot-product attention, reached through a TorchScript module our own
 * code writes ({@link TorchScriptArchive}). q, k, v are [batch, heads, tokens, head_dim] with
 * q pre-scaled. When the module cannot be loaded the caller keeps the eager path.
 */
public final class FusedAttention implements AutoCloseable {
    private final ZooModel<NDList, NDList> model;
    private final ParameterStore noParameters;

    private FusedAttention(ZooModel<NDList, NDList> model) {
        this.model = model;
        this.noParameters = new ParameterStore(model.getNDManager(), false);
    }

    /** Writes and loads the module on {@code device}; null (after telling {@code warn}) if that fails. */
    public static FusedAttention tryLoad(Device device, Consumer<String> warn) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("nit-attention");
            Path file = dir.resolve("nit_attention.pt");
            TorchScriptArchive.writeAttention(file);
            Criteria<NDList, NDList> criteria = Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(file)
                    .optEngine("PyTorch")
                    .optDevice(device)
                    .optTranslator(new NoopTranslator())
                    .build();
            return new FusedAttention(criteria.loadModel());
        } catch (IOException | ModelNotFoundException | MalformedModelException | RuntimeException e) {
            warn.accept("fused attention unavailable, using eager attention (" + e.getMessage() + ")");
            return null;
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp file of a few hundred bytes is harmless
        }
    }

    /** softmax(q k^T) v over the last two axes; the result belongs to q's manager. */
    public NDArray apply(NDArray q, NDArray k, NDArray v) {
        // the block's forward, not a Predictor: no per-call context, batchifier or translator
        NDArray result = model.getBlock().forward(noParameters, new NDList(q, k, v), false).singletonOrThrow();
        result.attach(q.getManager());
        return result;
    }

    @Override
    public void close() {
        model.close();
    }
}
