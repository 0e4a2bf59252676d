package io.github.nitfiji.fiji;

import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.pipeline.MemoryPlan;

/** What a failed run tells the person: the cause in their terms and what to do next (IJ1 and SciJava). */
public final class ErrorMessages {
    static final String MODELS_MENU = "Plugins > NiT > NiT Models...";
    static final String DIAGNOSTICS_MENU = "Plugins > NiT > NiT Diagnostics";

    private ErrorMessages() {
    }

    public static String describe(Throwable e) {
        if (e instanceof ModelException) {
            ModelException m = (ModelException) e;
            switch (m.reason()) {
                case NOT_INSTALLED:
                case CORRUPT:
                    return m.getMessage() + "\nIn Fiji: " + MODELS_MENU + " downloads it, or installs a file you "
                            + "downloaded yourself.";
                case OFFLINE:
                    return m.getMessage() + "\nIn Fiji: then run " + MODELS_MENU + " with action verify, or with "
                            + "action install and the downloaded file.";
                case UNKNOWN_MODEL:
                    return m.getMessage() + " (" + MODELS_MENU + " lists them)";
                default:
                    return m.getMessage();
            }
        }
        if (e instanceof MemoryPlan.MemoryBudgetException || e instanceof IllegalArgumentException
                || e instanceof io.github.nitfiji.runtime.EngineLoadException) {
            return e.getMessage();
        }
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "): ask for fewer or smaller images, or free memory with "
                    + "Plugins > NiT > NiT Free Memory";
        }
        if (e instanceof UnsatisfiedLinkError || e.getClass().getName().startsWith("ai.djl.engine")) {
            return "the PyTorch engine failed: " + e.getMessage() + "\nSee " + DIAGNOSTICS_MENU + ".";
        }
        return e.getMessage() != null ? e.getMessage() + " (" + e.getClass().getSimpleName() + ")" : e.toString();
    }
}
