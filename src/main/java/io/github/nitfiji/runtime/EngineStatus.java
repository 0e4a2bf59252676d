package io.github.nitfiji.runtime;

import java.util.ArrayList;
import java.util.List;

/** The {@code engine status} report: the machine, the libtorch now and at the next start, the one thing to do. */
public final class EngineStatus {
    private EngineStatus() {
    }

    /**
     * @param loadedFrom the folder of the libtorch loaded in this JVM, or null when none is loaded
     */
    public static List<String> lines(EngineFacts f, EnginePlan plan, String loadedFrom) {
        List<String> lines = new ArrayList<>();
        lines.add("Platform: " + f.platform);
        lines.add("NVIDIA: " + (f.driver == null ? "no driver found" : f.driver.toString()));
        lines.add("Engine now: " + (f.loadedFlavor == null ? "not loaded in this process"
                : "libtorch " + LibtorchIdentity.VERSION + " " + f.loadedFlavor + (loadedFrom == null ? "" : " from " + loadedFrom)));
        lines.add("Engine at next start: " + nextStart(f, plan));
        lines.add("Device for 'auto': " + plan.device());
        for (String n : plan.notices()) {
            lines.add("Note: " + n);
        }
        if (plan.installWarning() != null) {
            lines.add("Note: " + plan.installWarning());
        }
        lines.add("Next: " + plan.nextStep());
        return lines;
    }

    private static String nextStart(EngineFacts f, EnginePlan plan) {
        switch (plan.source()) {
            case ENVIRONMENT:
                return "the libtorch in " + plan.libraryPath() + " (PYTORCH_LIBRARY_PATH set in the environment)";
            case RECORDED:
                return "libtorch " + f.recorded.version() + " " + plan.flavor() + " in " + plan.libraryPath()
                        + " (chosen with '" + f.recorded.origin() + "')";
            case BUNDLED:
                return "the bundled CPU libtorch " + LibtorchIdentity.VERSION + " (pytorch-native-cpu "
                        + f.platform.classifier() + ")";
            default:
                return "none: no PyTorch library for " + f.platform + " is bundled or chosen";
        }
    }
}
