package io.github.nitfiji.batch;

/** What generating one task told us, for its manifest row. */
public final class TaskResult {
    final int classIndex;
    final String model;
    final String sampler;
    final String device;
    final int threads;

    /**
     * @param classIndex the ImageNet class the prompt resolved to
     * @param model the model id that ran
     * @param sampler the sampler settings that ran (e.g. {@code ode 50 steps cfg 3.0 [0, 0.7]})
     * @param device the device kind it ran on (cpu, gpu:0, ...)
     * @param threads the CPU threads the engine used (the output may depend on it: GEMM blocking)
     */
    public TaskResult(int classIndex, String model, String sampler, String device, int threads) {
        this.classIndex = classIndex;
        this.model = model;
        this.sampler = sampler;
        this.device = device;
        this.threads = threads;
    }
}
