package io.github.nitfiji.family.tim;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.ImageStart;
import io.github.nitfiji.pipeline.LatentBatch;
import io.github.nitfiji.pipeline.SamplingStage;
import io.github.nitfiji.sampling.NonFiniteResultException;
import io.github.nitfiji.sampling.SamplingProgress;
import io.github.nitfiji.sampling.TransitionSettings;
import java.util.function.BooleanSupplier;

/** TiM-C2I, loaded once and kept: one image per class of the request ({@link TimSampling}). */
final class TimC2iStage implements SamplingStage {
    private final TimTransformer model;

    TimC2iStage(TimTransformer model) {
        this.model = model;
    }

    @Override
    public int channels() {
        return model.config().inChannels;
    }

    @Override
    public DataType precision() {
        return model.precision();
    }

    @Override
    public LatentBatch sample(GenerationRequest request, ImageStart start, SamplingProgress progress,
                              BooleanSupplier cancelled) {
        TransitionSettings settings = (TransitionSettings) request.sampling();
        TimSampling.Inputs inputs = new TimSampling.Inputs(request.classes(), request.latentSize(), request.seed(),
                request.suppliedNoise(), request.suppliedStepNoise());
        LatentBatch latents = TimSampling.sample(model, inputs, settings, progress, cancelled);
        NonFiniteResultException.checkImages(latents.values, latents.images(), "sampling", model.precision(),
                settings.cfgScale, request.suppliedNoise() != null);
        return latents;
    }

    /** TiM holds one evaluation's activations at a time, far below the decode's; the decode bounds the request. */
    @Override
    public long samplingBytes(int images, LatentSize size) {
        return 0;
    }

    @Override
    public String configJson() {
        return model.config().toJson();
    }

    @Override
    public void close() {
        model.close();
    }
}
