package io.github.nitfiji.pipeline;

import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU thread settings of the bundled libtorch, decided once before the engine loads.
 *
 * <p>Intra-op threads (OpenMP, also used by oneMKL) do the work. One per core is best on a quiet
 * machine; on a busy one OpenMP threads spin at every barrier while a sibling waits for a core:
 * measured here while other processes kept the cores busy, a 256^2 forward with 2 threads cost
 * 4.5-4.7x the CPU time of the same forward with 1 thread (eager 7380 vs 1580 ms, script 6060 vs
 * 1360 ms) and took 1.5-2x longer. But the load average lags: it still counts work that just
 * ended (a build, the previous run), and the engine loads once per JVM, so a Fiji session that
 * started right after other work would keep too few threads for its whole life (seen here: a
 * benchmark started after a build got 1 thread on an idle machine). So the default is every core
 * unless the cores were all busy when NiT started (load average at least the number of cores);
 * then half of them, at least 1. An explicit
 * {@code -Dai.djl.pytorch.num_threads} or {@code OMP_NUM_THREADS} always wins.
 *
 * <p>The inter-op pool only serves TorchScript's {@code fork}, which NiT never calls: DJL leaves
 * it at one thread per core, idle but resident, so it defaults to 1 here.
 *
 * <p>OpenMP waiting: by default the bundled GNU OpenMP (libgomp) spins up to 300000 rounds at every
 * barrier before it sleeps. When another process holds the core a sibling needs, the spinning
 * thread burns that core's time while the sibling waits; sleeping at once (passive) instead costs
 * a wake-up at every barrier on a quiet machine. NiT spins 10000 rounds, then sleeps: measured here
 * (512^2, depth 28, scripted forward, 2 threads, ms per forward, best of 2 alternating rounds;
 * README "CPU threads") it was as fast as full spinning on the idle machine and as fast as passive
 * waiting with two other busy processes, where full spinning took about twice as long. libgomp
 * reads its environment once, when libtorch loads, so on Linux NiT sets {@code GOMP_SPINCOUNT} in
 * the process environment before that; an {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} the
 * user set always wins.
 */
public final class CpuThreads {
    static final String INTRA = "ai.djl.pytorch.num_threads";
    static final String INTER = "ai.djl.pytorch.num_interop_threads";
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    static final String SPIN_COUNT = "GOMP_SPINCOUNT";
    /** Rounds libgomp spins at a barrier before it sleeps (its own default: 300000). */
    static final String SHORT_SPIN = "10000";

    /** What NiT set in the process environment before libtorch loaded, for Diagnostics; else empty. */
    private static volatile String waitSetting = "";

    private CpuThreads() {
    }

    /** Sets the defaults before the engine loads (DJL reads the properties once, libgomp its environment). */
    static void defaults() {
        spinCount(System.getProperty("os.name"), System.getenv(WAIT_POLICY), System.getenv(SPIN_COUNT))
                .ifPresent(CpuThreads::setProcessEnvironment);
        if (System.getProperty(INTER) == null) {
            System.setProperty(INTER, "1");
        }
        if (System.getProperty(INTRA) == null && System.getenv("OMP_NUM_THREADS") == null) {
            int processors = Runtime.getRuntime().availableProcessors();
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.setProperty(INTRA, Integer.toString(intraOp(processors, load)));
        }
    }

    /**
     * Intra-op threads for {@code processors} cores when other processes keep {@code loadAverage}
     * of them busy (negative: unknown, as on Windows): all of them, or half (at least 1) when the
     * machine was saturated.
     */
    static int intraOp(int processors, double loadAverage) {
        if (loadAverage < processors) {
            return processors;
        }
        return Math.max(1, processors / 2);
    }

    /**
     * The OpenMP spin count NiT sets, if any: a short spin on Linux (the bundled libtorch uses
     * libgomp, which reads the variable), nothing where the user chose a policy or spin count,
     * nothing elsewhere (other OpenMP runtimes, not measured).
     */
    static Optional<String> spinCount(String osName, String userPolicy, String userSpinCount) {
        boolean linux = osName != null && osName.toLowerCase(Locale.ROOT).startsWith("linux");
        if (!linux || userPolicy != null || userSpinCount != null) {
            return Optional.empty();
        }
        return Optional.of(SHORT_SPIN);
    }

    /** C's setenv, so libgomp sees the value when DJL loads libtorch; a failure only costs speed. */
    private static synchronized void setProcessEnvironment(String spins) {
        if (!waitSetting.isEmpty()) {
            return;
        }
        try {
            if (Native.load("c", LibC.class).setenv(SPIN_COUNT, spins, 0) == 0) {
                waitSetting = SPIN_COUNT + "=" + spins;
            }
        } catch (LinkageError | RuntimeException e) {
            // no JNA or no libc here: OpenMP keeps its default (long) spinning
        }
    }

    private interface LibC extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** "2 intra-op (...), 1 inter-op; 2 processors", for Diagnostics; loads the engine. */
    public static String describe() {
        String source = System.getenv("OMP_NUM_THREADS") != null ? "OMP_NUM_THREADS"
                : System.getProperty(INTRA) != null ? "-D" + INTRA + ", set by you or from the free cores at start"
                : "libtorch default";
        return JniUtils.getNumThreads() + " intra-op (" + source + "), " + JniUtils.getNumInteropThreads()
                + " inter-op; " + Runtime.getRuntime().availableProcessors() + " processors"
                + (waitSetting.isEmpty() ? "" : "; OpenMP spins briefly at barriers, then sleeps (" + waitSetting
                        + ", set by NiT)");
    }
}
