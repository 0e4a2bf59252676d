package io.github.nitfiji.runtime;

import ai.djl.util.Utils;

/**
 * Run in a fresh JVM by {@link EngineChoiceFreshJvmTest}: prints what DJL will read for its
 * libtorch after the front door's setup, then loads the engine and prints where DJL loaded it from.
 */
public final class EngineChoiceProbe {
    private EngineChoiceProbe() {
    }

    public static void main(String[] args) {
        EngineSetup.offlineByDefault();
        System.out.println("djl.reads.path=" + Utils.getEnvOrSystemProperty("PYTORCH_LIBRARY_PATH"));
        System.out.println("djl.reads.flavor=" + Utils.getEnvOrSystemProperty("PYTORCH_FLAVOR"));
        EngineSetup.loadEngine();
        System.out.println("djl.loaded=" + ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
    }
}
