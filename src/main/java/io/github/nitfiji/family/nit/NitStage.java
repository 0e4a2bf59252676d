package io.github.nitfiji.family.nit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.nit.NitTransformer;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.ImageStart;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.SamplingStage;
import io.github.nitfiji.pipeline.Setting;
import io.github.nitfiji.pipeline.SettingNames;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.ExecutorChoice;
import io.github.nitfiji.sampling.NonFiniteResultException;
import io.github.nitfiji.sampling.RequestNoise;
import io.github.nitfiji.sampling.Sampler;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.SamplingStart;
import io.github.nitfiji.sampling.SdeNoise;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * NiT's sampling stage: the velocity network and its integrators (ODE, Heun, SDE), from noise or
 * from an encoded start image at t = strength, with the selection's tokens kept.
 */
public final class NitStage implements SamplingStage {
    /** Temporaries per token of one block for the CFG batch: hidden-size and MLP-size maps. */
    private static final int HIDDEN_MAPS = 12;
    private static final int MLP_MAPS = 4;

    private final NitTransformer nit;
    private final ExecutorChoice executor;

    public NitStage(NitTransformer nit, ExecutorChoice executor) {
        this.nit = nit;
        this.executor = executor;
    }

    /** The loaded network (for benchmarks and self-tests that time it directly). */
    public NitTransformer network() {
        return nit;
    }

    @Override
    public int channels() {
        return nit.config().inChannels;
    }

    @Override
    public DataType precision() {
        return nit.precision();
    }

    @Override
    public LatentBatch sample(GenerationRequest request, ImageStart start, SamplingProgress progress,
                              BooleanSupplier cancelled) {
        SamplerSettings settings = (SamplerSettings) request.sampling();
        int channels = channels();
        LatentSize size = request.latentSize();
        int images = request.images();
        int perImage = size.tokens() * channels;
        int[] classes = request.classes();
        long[] seeds = RequestNoise.seeds(request.seed(), images, request.suppliedNoise() != null);
        if (start != null && start.strength == 0) {
            return new LatentBatch(start.x0, size, channels, classes, RequestNoise.seeds(request.seed(), images, false));
        }
        float[] noise = RequestNoise.initial(request.seed(), images, perImage, request.suppliedNoise());
        SdeNoise sde = settings.kind == SamplerKind.SDE ? RequestNoise.steps(request.seed(), images, perImage,
                request.suppliedStepNoise(), request.stepsRun() - 1L) : null;
        List<LatentSize> sizes = Collections.nCopies(images, size);
        try (NDManager run = nit.newManager()) {
            Shape shape = new Shape((long) images * size.tokens(), channels);
            NDArray x = run.create(noise, shape);
            SamplingStart from = start == null ? SamplingStart.NOISE
                    : SamplingStart.fromSource(start.strength, run.create(start.x0, shape), start.kept);
            NDArray latent = new Sampler(nit).sample(sizes, classes, x, from, sde, settings, progress, cancelled);
            NonFiniteResultException.check(latent.reshape(images, -1), "sampling", 0, nit.precision(),
                    settings.cfgScale, request.suppliedNoise() != null);
            return new LatentBatch(latent.toFloatArray(), size, channels, classes, seeds);
        }
    }

    /**
     * Sampling holds one block's temporaries at a time (per-block scopes) for the CFG batch of 2B
     * images: about 12 hidden-size and 4 MLP-size maps per token, plus, with eager attention, the
     * score matrix and its softmax (2B x heads x n^2 values each), which dominates at large sizes.
     */
    @Override
    public long samplingBytes(int images, LatentSize size) {
        long bytes = nit.precision().getNumOfBytes();
        long tokens = 2L * images * size.tokens();
        long maps = tokens * (HIDDEN_MAPS * (long) nit.config().hiddenSize + MLP_MAPS * (long) nit.config().mlpHidden())
                * bytes;
        long scores = nit.attention() == AttentionKind.EAGER
                ? 2L * 2 * images * nit.config().numHeads * (long) size.tokens() * size.tokens() * bytes : 0;
        return maps + scores;
    }

    @Override
    public String memoryAdvice(SettingNames names) {
        return nit.attention() == AttentionKind.EAGER ? "Fused attention (" + names.of(Setting.ATTENTION)
                + " fused) needs far less at large sizes." : "";
    }

    /** The executor NiT runs with now and why: the choice, or eager after a scripted forward did not load or run. */
    @Override
    public String executorReport() {
        boolean scripted = nit.groupForward() != null;
        if (executor.executor == Executor.SCRIPT && !scripted) {
            return "eager (script was chosen, " + executor.reason + ", but did not load or run here)";
        }
        return (scripted ? "script" : "eager") + " (" + executor.reason + ")";
    }

    @Override
    public String configJson() {
        return nit.config().toJson();
    }

    @Override
    public void close() {
        nit.close();
    }
}
