package io.github.nitfiji.pipeline;

import ai.djl.engine.Engine;
import io.github.nitfiji.catalog.ModelsFolder;

/**
 * What a front door must do before DJL runs inside a host application such as Fiji: DJL finds
 * its engines through the thread's context class loader (in Fiji that is not the plugin's
 * loader), must not download or call home unless the user opted in, and PyTorch keeps its grad
 * mode per thread.
 *
 * <ul>
 *   <li>Offline by default: DJL may not download anything, and never calls home. A user with a
 *       CUDA GPU lets DJL fetch the matching CUDA libtorch once with {@code -Dnit.engine.download=true}
 *       or {@code NIT_ENGINE_DOWNLOAD=true}; an explicit {@code ai.djl.offline} / {@code DJL_OFFLINE}
 *       always wins. Model downloads follow only the user's own offline choice.</li>
 *   <li>DJL's cache (extracted natives, a downloaded libtorch) lives in {@code <models folder>/djl}
 *       unless {@code DJL_CACHE_DIR} is set, so one folder holds everything NiT needs.</li>
 * </ul>
 */
public final class EngineSetup {
    public static final String DOWNLOAD_SWITCH = "nit.engine.download";

    /** Whether the user turned offline mode on, read before {@link #offlineByDefault} sets it. */
    private static final boolean USER_OFFLINE = io.github.nitfiji.catalog.ModelDownloader.offlineByEnvironment();

    private EngineSetup() {
    }

    /**
     * True when the user (not this plugin's default) asked for offline mode: then even an
     * explicit model download must not touch the network.
     */
    public static boolean userChoseOffline() {
        return USER_OFFLINE;
    }

    /**
     * Sets offline mode (unless the download switch is on), tracking opt-out and the cache folder,
     * each only where the user has not set it already.
     */
    public static synchronized void offlineByDefault() {
        boolean downloadsAllowed = Boolean.parseBoolean(System.getProperty(DOWNLOAD_SWITCH,
                System.getenv().getOrDefault("NIT_ENGINE_DOWNLOAD", "false")));
        setIfAbsent("ai.djl.offline", "DJL_OFFLINE", Boolean.toString(!downloadsAllowed));
        setIfAbsent("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
        CpuThreads.defaults();
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            try {
                System.setProperty("DJL_CACHE_DIR", ModelsFolder.resolve().root().resolve("djl").toString());
            } catch (RuntimeException e) {
                // no usable models folder: DJL keeps its own default (~/.djl.ai)
            }
        }
    }

    private static void setIfAbsent(String property, String env, String value) {
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, value);
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
