package io.github.nitfiji.runtime;

import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Turns libtorch's NNPACK off once the engine has loaded, as {@code torch.backends.nnpack.set_flags(False)}
 * does in Python ({@code at::globalContext().setUserEnabledNNPACK(false)}; DJL has no call for it).
 *
 * <p>Why: before every float convolution on the CPU, libtorch asks whether NNPACK is available
 * unless the user turned it off, and on a CPU where NNPACK cannot start it logs "Could not
 * initialize NNPACK! Reason: Unsupported hardware." each time (90 lines in one generation, most of
 * a test log). NNPACK would only ever run for a batch of 16 or more images in one convolution;
 * NiT's decoder and encoder convolve one image (or one tile) at a time, so turning it off changes
 * no computation, and the check (and its warning) goes. libtorch's other warnings stay.
 *
 * <p>The switch is a C++ member function of libtorch_cpu, called through JNA by its Itanium name
 * (Linux, macOS). Windows builds of libtorch have no NNPACK, so there is nothing to switch there.
 */
public final class Nnpack {
    private static final String GLOBAL_CONTEXT = "_ZN2at13globalContextEv";
    private static final String SET_ENABLED = "_ZN2at7Context20setUserEnabledNNPACKEb";
    private static final String ENABLED = "_ZNK2at7Context17userEnabledNNPACKEv";
    private static volatile String state = "not switched (engine not loaded)";

    private Nnpack() {
    }

    /** Switches NNPACK off in the loaded libtorch; a failure only leaves the warnings. Idempotent. */
    static synchronized void disable(String libtorchFolder) {
        Optional<NativeLibrary> torch;
        try {
            torch = library(libtorchFolder);
        } catch (LinkageError e) {
            // JNA could not start (e.g. it may not unpack its own library: a file-size limit, a read-only
            // temporary folder); NNPACK only costs warnings, so the run goes on
            state = "left as libtorch set it (JNA unavailable: " + e.getMessage() + ")";
            return;
        }
        if (torch.isEmpty()) {
            state = Platform.isWindows() ? "not built into libtorch on Windows" : "left as libtorch set it";
            return;
        }
        try {
            Pointer context = torch.get().getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
            torch.get().getFunction(SET_ENABLED).invokeVoid(new Object[] {context, false});
            state = enabled(torch.get(), context) ? "on (could not switch it off)" : "off (NiT never convolves 16 images "
                    + "at once, the only case NNPACK would serve)";
        } catch (LinkageError | RuntimeException e) {
            state = "left as libtorch set it (" + e.getMessage() + ")";
        }
    }

    /** Whether libtorch would consider NNPACK now, or empty when that cannot be read (for tests). */
    static Optional<Boolean> enabled(String libtorchFolder) {
        return library(libtorchFolder).map(torch -> {
            Pointer context = torch.getFunction(GLOBAL_CONTEXT).invokePointer(new Object[0]);
            return enabled(torch, context);
        });
    }

    /** "off (...)" and the like, for Diagnostics. */
    public static String state() {
        return state;
    }

    private static boolean enabled(NativeLibrary torch, Pointer context) {
        // a C++ bool comes back in the low byte of the return register only
        return (torch.getFunction(ENABLED).invokeInt(new Object[] {context}) & 0xFF) != 0;
    }

    private static Optional<NativeLibrary> library(String libtorchFolder) {
        if (libtorchFolder == null || Platform.isWindows()) {
            return Optional.empty();
        }
        Path file = Paths.get(libtorchFolder).resolve(System.mapLibraryName("torch_cpu"));
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(NativeLibrary.getInstance(file.toString()));
        } catch (LinkageError e) {
            // also JNA's own library failing to unpack (a full disk, a file-size limit): NNPACK is then left as it is
            return Optional.empty();
        }
    }
}
