package io.github.nitfiji.runtime;

import java.nio.file.Path;

/** A libtorch folder with its version and flavour ({@code cpu}, {@code cu128}) and how we know them. */
public final class LibtorchIdentity {
    /** The libtorch version DJL 0.36's JNI library is built against. */
    public static final String VERSION = "2.7.1";
    /** The one CUDA flavour that JNI library exists for. */
    public static final String CUDA_FLAVOR = "cu128";
    public static final String CPU_FLAVOR = "cpu";

    private final Path folder;
    private final String version;
    private final String flavor;
    private final String evidence;

    public LibtorchIdentity(Path folder, String version, String flavor, String evidence) {
        this.folder = folder;
        this.version = version;
        this.flavor = flavor;
        this.evidence = evidence;
    }

    /** The folder that holds {@code libtorch.so} / {@code torch.dll} / {@code libtorch.dylib}. */
    public Path folder() {
        return folder;
    }

    public String version() {
        return version;
    }

    public String flavor() {
        return flavor;
    }

    /** Where version and flavour were read ("build-version", "torch/version.py", ...). */
    public String evidence() {
        return evidence;
    }

    public boolean isCuda() {
        return flavor.startsWith("cu");
    }

    @Override
    public String toString() {
        return "libtorch " + version + " " + flavor + " in " + folder;
    }
}
