package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.PrecisionPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Pipelines of weights files named directly (the golden tiny models), loaded as the service loads them. */
public final class TestPipelines {
    private TestPipelines() {
    }

    /** A NiT file and a DC-AE file (null: latent only) as a model selection of the NiT family. */
    public static ModelSelection nitFiles(Path nit, Path dcae) {
        ModelFamily family = ModelFamilies.all().stream().filter(f -> f.jsonName().equals("nit")).findFirst()
                .orElseThrow();
        ModelFiles files = ModelFiles.builder().put(ModelFiles.WEIGHTS, nit, "nit_weights").build();
        return new ModelSelection(family, null, null, files, dcae == null ? null
                : new DecoderFiles(null, dcae, null, "ae_weights"));
    }

    public static Pipeline nit(Path nit, Path dcae, Device device, DataType precision, AttentionKind attention,
                               Executor executor, Consumer<String> warn) throws IOException {
        StageOptions options = new StageOptions(device, PrecisionPlan.uniform(precision), attention, executor,
                MemoryPlan.defaultBudget());
        return PipelineLoader.load(nitFiles(nit, dcae), options, MemoryPlan.defaultDecodeBudget(), warn);
    }

    /** On the CPU in FP32 with eager attention and the automatic executor. */
    public static Pipeline nit(Path nit, Path dcae) throws IOException {
        return nit(nit, dcae, Device.cpu(), DataType.FLOAT32, AttentionKind.EAGER, Executor.AUTO, m -> { });
    }
}
