package io.github.nitfiji.runtime;

import java.util.Optional;

/**
 * What to say when no PyTorch library can load: DJL's own words for it ("Failed to save pytorch
 * index file": it tried to download one, which offline mode forbids) name neither the missing file
 * nor where it belongs. Pure, over {@link EngineFacts}.
 */
public final class MissingNatives {
    private MissingNatives() {
    }

    /**
     * The missing native library and how to get it, when the facts leave no libtorch to load (no
     * bundled natives jar, none chosen, no {@code PYTORCH_LIBRARY_PATH}); empty when a library was
     * there and something else failed.
     */
    public static Optional<String> explain(EngineFacts f) {
        if (f == null || EngineDecision.decide(f).source() != EnginePlan.Source.NONE) {
            return Optional.empty();
        }
        HostPlatform platform = f.platform();
        String choose = "name a libtorch " + LibtorchIdentity.VERSION + " folder ("
                + f.frontDoor.useEngine() + ")";
        if (!platform.hasCpuNatives()) {
            return Optional.of("no PyTorch library is bundled for " + platform + ": " + choose);
        }
        String jar = "pytorch-native-cpu-" + LibtorchIdentity.VERSION + "-" + platform.classifier() + ".jar";
        String lead = "PyTorch's native library for " + platform + " is missing: ";
        return Optional.of(lead + f.frontDoor.missingNatives(jar, platform.fijiFolder()) + ", or " + choose + ".");
    }
}
