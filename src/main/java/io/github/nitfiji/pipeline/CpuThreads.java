package io.github.nitfiji.pipeline;

import ai.djl.pytorch.jni.JniUtils;

/**
 * CPU thread settings of the bundled libtorch. Intra-op threads (OpenMP, also used by oneMKL)
 * do the work; libtorch's default is one per physical core, which is best on a quiet machine,
 * and an explicit {@code -Dai.djl.pytorch.num_threads} or {@code OMP_NUM_THREADS} wins. The
 * inter-op pool only serves TorchScript's {@code fork}, which NiT never calls: DJL leaves it at
 * one thread per core, idle but resident, so it defaults to 1 here.
 */
public final class CpuThreads {
    static final String INTRA = "ai.djl.pytorch.num_threads";
    static final String INTER = "ai.djl.pytorch.num_interop_threads";

    private CpuThreads() {
    }

    /** Sets the inter-op default before the engine loads (DJL reads the property once). */
    static void defaults() {
        if (System.getProperty(INTER) == null) {
            System.setProperty(INTER, "1");
        }
    }

    /** "2 intra-op (libtorch default), 1 inter-op", for Diagnostics; loads the engine. */
    public static String describe() {
        String source = System.getProperty(INTRA) != null ? "-D" + INTRA
                : System.getenv("OMP_NUM_THREADS") != null ? "OMP_NUM_THREADS" : "libtorch default";
        return JniUtils.getNumThreads() + " intra-op (" + source + "), " + JniUtils.getNumInteropThreads()
                + " inter-op; " + Runtime.getRuntime().availableProcessors() + " processors";
    }
}
