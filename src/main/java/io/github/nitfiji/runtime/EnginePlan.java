package io.github.nitfiji.runtime;

import io.github.nitfiji.FrontDoor;
import java.util.Collections;
import java.util.List;

/** What {@link EngineDecision} concluded for one machine. */
public final class EnginePlan {
    /** Where the libtorch of the next engine start comes from. */
    public enum Source {
        /** {@code PYTORCH_LIBRARY_PATH} in the user's environment: DJL reads it first, it wins. */
        ENVIRONMENT,
        /** The choice recorded by {@code engine install} / {@code engine use}. */
        RECORDED,
        /** The {@code pytorch-native-cpu} jar shipped with the plugin. */
        BUNDLED,
        /** Nothing: this platform has no bundled natives and nothing was installed. */
        NONE
    }

    private final Source source;
    private final String libraryPath;
    private final String flavor;
    private final String device;
    private final List<String> notices;
    private final String gpuHint;
    private final String nextStep;
    private final String installRefusal;
    private final String installWarning;
    private final boolean installHelps;
    private final FrontDoor frontDoor;

    EnginePlan(Source source, String libraryPath, String flavor, String device, List<String> notices, String gpuHint,
               String nextStep, String installRefusal, String installWarning, boolean installHelps,
               FrontDoor frontDoor) {
        this.source = source;
        this.libraryPath = libraryPath;
        this.flavor = flavor;
        this.device = device;
        this.notices = Collections.unmodifiableList(notices);
        this.gpuHint = gpuHint;
        this.nextStep = nextStep;
        this.installRefusal = installRefusal;
        this.installWarning = installWarning;
        this.installHelps = installHelps;
        this.frontDoor = frontDoor;
    }

    /** The front door this plan was made for, so follow-up advice names its commands. */
    public FrontDoor frontDoor() {
        return frontDoor;
    }

    public Source source() {
        return source;
    }

    /** The folder to hand DJL as {@code PYTORCH_LIBRARY_PATH} (RECORDED), the user's own (ENVIRONMENT), else null. */
    public String libraryPath() {
        return libraryPath;
    }

    /** Flavour of the libtorch the next start loads: {@code cpu} or {@code cu128} (null when NONE). */
    public String flavor() {
        return flavor;
    }

    /** The device the requested one resolves to: {@code cpu}, {@code gpu:N} or {@code mps}. */
    public String device() {
        return device;
    }

    /** Things the user should know (a recorded folder vanished, a GPU request fell back, ...). */
    public List<String> notices() {
        return notices;
    }

    /** The one line pointing an NVIDIA owner at the CUDA engine, or null. */
    public String gpuHint() {
        return gpuHint;
    }

    /** The one thing to do next. */
    public String nextStep() {
        return nextStep;
    }

    /** Why {@code engine install} cannot help on this machine, or null when it can. */
    public String installRefusal() {
        return installRefusal;
    }

    /**
     * Whether {@code engine install} would change something for the better here: an NVIDIA GPU
     * with a driver new enough, and no CUDA engine chosen for the next start (or its recorded
     * folder gone), nor a {@code PYTORCH_LIBRARY_PATH} that would win over it. Front doors offer
     * the action only then.
     */
    public boolean installHelps() {
        return installHelps;
    }

    /** A caveat worth printing when installing anyway (an older but compatible driver), or null. */
    public String installWarning() {
        return installWarning;
    }
}
