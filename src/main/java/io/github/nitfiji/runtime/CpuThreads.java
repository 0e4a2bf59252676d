package io.github.nitfiji.runtime;

import ai.djl.pytorch.jni.JniUtils;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU thread settings of the bundled libtorch.
 *
 * <p>Intra-op threads (OpenMP, also used by oneMKL) do the work, one per core. They used to be
 * fixed once, when the engine loaded, from the load average then (half the cores when they were
 * all busy): a Fiji started while the machine was busy kept one thread for its whole session, on
 * a machine that was idle by the time the user generated. Now the count is set per request, on the
 * thread that computes ({@link #forRequest()}; libtorch applies a new count from the next
 * operation on, and keeps one per calling thread): the user's explicit count, else every core.
 * Every core needs no load guess because OpenMP now only spins briefly at barriers (below): under
 * load, two threads were as fast as one or faster, where long spinning made them several times
 * slower (measured: docs/performance-cpu.md, "Threads"). An explicit
 * {@code -Dai.djl.pytorch.num_threads} or {@code OMP_NUM_THREADS} always wins; one that is not a
 * whole number of at least 1 is refused with a message naming it, before libtorch sees it (DJL
 * would fail with a bare NumberFormatException, libtorch with its own text, libgomp would warn and
 * use its default while NiT reported the variable as the source).
 *
 * <p>The inter-op pool only serves TorchScript's {@code fork}, which NiT never calls: DJL leaves
 * it at one thread per core, idle but resident, so it defaults to 1 here.
 *
 * <p>OpenMP waiting: by default the bundled GNU OpenMP (libgomp) spins up to 300000 rounds at every
 * barrier before it sleeps. When another process holds the core a sibling needs, the spinning
 * thread burns that core's time while the sibling waits; sleeping at once (passive) instead costs
 * a wake-up at every barrier on a quiet machine. NiT spins 10000 rounds, then sleeps: measured here
 * (512^2, depth 28, scripted forward, 2 threads, ms per forward, best of 2 alternating rounds;
 * docs/performance.md, "CPU threads and OpenMP waiting") it was as fast as full spinning on the idle machine and as fast as passive
 * waiting with two other busy processes, where full spinning took about twice as long. libgomp
 * reads its environment once, when libtorch loads, so on Linux NiT sets {@code GOMP_SPINCOUNT} in
 * the process environment before that; an {@code OMP_WAIT_POLICY} or {@code GOMP_SPINCOUNT} the
 * user set always wins.
 */
public final class CpuThreads {
    static final String INTRA = "ai.djl.pytorch.num_threads";
    static final String INTER = "ai.djl.pytorch.num_interop_threads";
    static final String OMP_THREADS = "OMP_NUM_THREADS";
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";
    static final String SPIN_COUNT = "GOMP_SPINCOUNT";
    /** Rounds libgomp spins at a barrier before it sleeps (its own default: 300000). */
    static final String SHORT_SPIN = "10000";

    /** What NiT set in the process environment before libtorch loaded, for Diagnostics; else empty. */
    private static volatile String waitSetting = "";
    /** Where the intra-op count comes from, found before NiT sets its default, for Diagnostics. */
    private static volatile String intraSource;

    private CpuThreads() {
    }

    /**
     * Checks the user's thread settings and sets the defaults before the engine loads (DJL reads
     * the properties once, libgomp its environment).
     *
     * @throws IllegalArgumentException naming the setting when a thread count is not a whole number >= 1
     */
    static void defaults() {
        String property = System.getProperty(INTRA);
        explicit(property, System.getenv(OMP_THREADS));
        if (intraSource == null) {
            intraSource = property != null ? "-D" + INTRA + ", set by you"
                    : System.getenv(OMP_THREADS) != null ? OMP_THREADS + ", set by you" : "every core, NiT's default";
        }
        check(INTER, "-D" + INTER, System.getProperty(INTER), System.getProperty(INTER));
        spinCount(System.getProperty("os.name"), System.getenv(WAIT_POLICY), System.getenv(SPIN_COUNT))
                .ifPresent(CpuThreads::setProcessEnvironment);
        if (System.getProperty(INTER) == null) {
            System.setProperty(INTER, "1");
        }
        if (System.getProperty(INTRA) == null && System.getenv(OMP_THREADS) == null) {
            System.setProperty(INTRA, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
    }

    /**
     * The intra-op count the user set: {@code -Dai.djl.pytorch.num_threads} (DJL's, which wins),
     * else {@code OMP_NUM_THREADS} (its first entry: OpenMP allows a list for nested levels);
     * empty when neither is set.
     *
     * @throws IllegalArgumentException naming the setting and its value when it is not a whole number >= 1
     */
    static java.util.OptionalInt explicit(String property, String ompNumThreads) {
        // both are checked: libgomp reads OMP_NUM_THREADS even when DJL's property then overrides it
        int omp = ompNumThreads == null ? 0 : check(OMP_THREADS, "the environment variable " + OMP_THREADS,
                ompNumThreads.split(",", -1)[0], ompNumThreads);
        if (property != null) {
            return java.util.OptionalInt.of(check(INTRA, "-D" + INTRA, property, property));
        }
        return omp > 0 ? java.util.OptionalInt.of(omp) : java.util.OptionalInt.empty();
    }

    /** {@code value} (the first entry of {@code whole}) as a count >= 1, else an error naming {@code where}. */
    private static int check(String name, String where, String value, String whole) {
        if (value == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(where + " is '" + whole + "', which is not a number of threads: set "
                + name + " to a whole number of at least 1 (this machine has "
                + Runtime.getRuntime().availableProcessors() + " processors), or unset it to use every core");
    }

    /**
     * Sets this thread's intra-op count for the request it is about to run and returns it: the
     * user's explicit count, else every core. libtorch keeps the count per calling thread (and
     * takes the last one set for threads that have not computed yet), so the thread that computes
     * calls this before its first operation.
     */
    public static int forRequest() {
        int n = explicit(System.getProperty(INTRA), System.getenv(OMP_THREADS))
                .orElse(Runtime.getRuntime().availableProcessors());
        if (JniUtils.getNumThreads() != n) {
            JniUtils.setNumThreads(n);
        }
        return n;
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
        String source = (intraSource != null ? intraSource : "libtorch default") + "; set at each request";
        return JniUtils.getNumThreads() + " intra-op (" + source + "), " + JniUtils.getNumInteropThreads()
                + " inter-op; " + Runtime.getRuntime().availableProcessors() + " processors"
                + (waitSetting.isEmpty() ? "" : "; OpenMP spins briefly at barriers, then sleeps (" + waitSetting
                        + ", set by NiT)");
    }
}
