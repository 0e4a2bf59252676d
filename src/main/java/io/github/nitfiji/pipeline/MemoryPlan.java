package io.github.nitfiji.pipeline;

import io.github.nitfiji.model.LatentSize;
import io.github.nitfiji.model.dcae.DcAeDecoder;
import io.github.nitfiji.model.dcae.DecodeMemoryEstimate;
import java.lang.management.ManagementFactory;

/**
 * Estimates the peak memory of a request before it runs, so that a request that cannot fit is
 * refused up front (with what would fit) instead of failing after minutes, or taking the machine
 * down. The estimate is deliberately conservative: the larger of the family's sampling estimate
 * ({@link SamplingStage#samplingBytes}) and one decode (one image at a time, in tiles when it
 * would exceed the decode budget), plus the output planes.
 */
public final class MemoryPlan {
    /** The most one decode may use before it is tiled: 2048 x 2048 (estimated 17 GB) decodes whole. */
    private static final long MAX_DEFAULT_DECODE_BUDGET = 18L << 30;

    private MemoryPlan() {
    }

    /**
     * Working memory one decode may use before it is decoded in tiles: 70 % of physical memory,
     * at most 18 GB. On a 24 GB machine a 2048 x 2048 image decodes whole (measured peak 12.5 GB
     * resident for the real DC-AE in FP32); on smaller machines, and above that size, in tiles.
     */
    public static long defaultDecodeBudget() {
        return Math.min(MAX_DEFAULT_DECODE_BUDGET, (long) (physicalBytes() * 0.7));
    }

    private static long physicalBytes() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getTotalPhysicalMemorySize();
        }
        return 8L << 30;
    }

    /** 85 % of physical memory (the rest for the OS, the JVM heap and other programs). */
    public static long defaultBudget() {
        return (long) (physicalBytes() * 0.85);
    }

    /** Peak bytes of the whole request on top of the resident weights. */
    public static long requestBytes(Pipeline pipeline, GenerationRequest request, int images, LatentSize size) {
        long sampling = pipeline.stage().samplingBytes(images, size);
        DcAeDecoder decoder = pipeline.decoder();
        long decoding = decoder == null ? 0
                : Math.min(DecodeMemoryEstimate.activationBytes(decoder.config(), 1, size.height, size.width),
                        pipeline.decodeBudgetBytes());
        long outputs = (long) images * request.width() * request.height() * 3 * Float.BYTES;
        return Math.max(sampling, decoding) + outputs;
    }

    /** Throws {@link MemoryBudgetException} saying what would fit when the request would not. */
    public static void check(Pipeline pipeline, GenerationRequest request, long budgetBytes, SettingNames names)
            throws MemoryBudgetException {
        long need = requestBytes(pipeline, request, request.images(), request.latentSize());
        if (need <= budgetBytes) {
            return;
        }
        StringBuilder message = new StringBuilder(String.format("this request needs about %s of memory, above the "
                + "budget of %s.", gib(need), gib(budgetBytes)));
        int images = request.images();
        while (images > 1 && requestBytes(pipeline, request, images, request.latentSize()) > budgetBytes) {
            images--;
        }
        if (images < request.images() && requestBytes(pipeline, request, images, request.latentSize()) <= budgetBytes) {
            message.append(" At this size ").append(images).append(" image(s) per request would fit.");
        } else {
            LatentSize size = request.latentSize();
            double scale = 1;
            LatentSize smaller = size;
            while (smaller.height > 1 && smaller.width > 1
                    && requestBytes(pipeline, request, 1, smaller) > budgetBytes) {
                scale *= 0.95;
                smaller = new LatentSize(Math.max(1, (int) (size.height * scale)), Math.max(1, (int) (size.width * scale)));
            }
            message.append(String.format(" One image of the same shape fits up to about %d x %d px.",
                    smaller.width * GenerationRequest.PIXELS_PER_LATENT, smaller.height * GenerationRequest.PIXELS_PER_LATENT));
        }
        String advice = pipeline.stage().memoryAdvice(names);
        if (!advice.isEmpty()) {
            message.append(' ').append(advice);
        }
        throw new MemoryBudgetException(message.toString());
    }

    private static String gib(long bytes) {
        return String.format("%.1f GB", bytes / 1e9);
    }

    /** A request refused because it would not fit in memory. */
    public static final class MemoryBudgetException extends java.io.IOException {
        private static final long serialVersionUID = 1L;

        public MemoryBudgetException(String message) {
            super(message);
        }
    }
}
