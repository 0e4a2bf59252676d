package io.github.nitfiji.pipeline;

import ai.djl.engine.Engine;

/**
 * What a front door must do before DJL runs inside a host application such as Fiji: DJL finds
 * its engines through the thread's context class loader (in Fiji that is not the plugin's
 * loader), must not download or call home unless the user opted in, and PyTorch keeps its grad
 * mode per thread.
 */
public final class EngineSetup {
    /** Whether the user turned offline mode on, read before {@link #offlineByDefault} sets it. */
    private static final boolean USER_OFFLINE = io.github.nitfiji.models.ModelDownloader.offlineByEnvironment();

    private EngineSetup() {
    }

    /**
     * True when the user (not this plugin's default) asked for offline mode: then even an
     * explicit model download must not touch the network.
     */
    public static boolean userChoseOffline() {
        return USER_OFFLINE;
    }

    /** Sets {@code ai.djl.offline=true} and tracking opt-out unless the user set them already. */
    public static void offlineByDefault() {
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("OPT_OUT_TRACKING") == null && System.getenv("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true");
        }
    }

    /**
     * Prepares the calling thread for DJL: offline defaults, the context class loader set to the
     * loader of {@code owner} (the plugin's classes, which can see the engine jars).
     *
     * @return the previous context class loader, for the caller to restore
     */
    public static ClassLoader prepareThread(Class<?> owner) {
        offlineByDefault();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(owner.getClassLoader());
        return previous;
    }

    /** Loads the PyTorch engine and turns grad mode off for this thread (inference never needs it). */
    public static Engine inferenceThread() {
        Engine engine = Engine.getEngine("PyTorch");
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        return engine;
    }
}
