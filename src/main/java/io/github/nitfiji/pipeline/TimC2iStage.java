package io.github.nitfiji.pipeline;

import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.model.tim.TimTransformer;
import io.github.nitfiji.sampling.SamplingProgress;
import java.util.function.BooleanSupplier;

/** TiM-C2I, loaded once and kept: one image per class of the request ({@link TimSampling}). */
final class TimC2iStage implements TimStage {
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
    public LatentBatch sample(GenerationRequest request, SamplingProgress progress, BooleanSupplier cancelled) {
        TimSampling.Inputs inputs = new TimSampling.Inputs(request.classes(), request.latentSize(), request.seed(),
                request.suppliedNoise(), request.suppliedSdeDraws());
        return TimSampling.sample(model, inputs, request.transition(), progress, cancelled);
    }

    @Override
    public void close() {
        model.close();
    }
}
