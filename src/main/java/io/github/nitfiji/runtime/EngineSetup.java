package io.github.nitfiji.runtime;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.engine.StandardCapabilities;
import io.github.nitfiji.ActiveFrontDoor;
import io.github.nitfiji.catalog.ModelsFolder;
import io.github.nitfiji.catalog.UserCache;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
 *       unless {@code DJL_CACHE_DIR} is set, so one folder holds everything NiT needs; when the
 *       models folder is read-only (a shared Fiji.app, a network share) it goes to the per-user
 *       cache instead ({@link UserCache}), and {@link #cacheNotice()} says so.</li>
 * </ul>
 */
public final class EngineSetup {
    public static final String DOWNLOAD_SWITCH = "nit.engine.download";

    /** Whether the user turned offline mode on, read before {@link #offlineByDefault} sets it. */
    private static final boolean USER_OFFLINE = io.github.nitfiji.catalog.ModelDownloader.offlineByEnvironment();

    private static boolean nnpackSwitched;

    /** Set by {@link #offlineByDefault} when the natives could not go to the models folder. */
    private static String cacheNotice;

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
        ModelsFolder models;
        try {
            models = ModelsFolder.resolve();
        } catch (RuntimeException e) {
            return; // no usable models folder: DJL keeps its own defaults (~/.djl.ai, bundled natives)
        }
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            try {
                Path preferred = models.root().resolve("djl");
                Path user = UserCache.resolve().resolve("djl");
                Optional<Path> chosen = UserCache.firstWritable(List.of(preferred, user));
                chosen.ifPresent(p -> System.setProperty("DJL_CACHE_DIR", p.toString()));
                cacheNotice = nativesNotice(preferred, chosen.orElse(null));
            } catch (RuntimeException e) {
                // no usable cache folder: DJL keeps its own default (~/.djl.ai)
            }
        }
        EngineEnvironment.applyBeforeLoad(models.root());
    }

    /** Where the natives went when it was not the models folder, and how to choose another; else empty. */
    public static synchronized Optional<String> cacheNotice() {
        return Optional.ofNullable(cacheNotice);
    }

    static String nativesNotice(Path preferred, Path chosen) {
        if (preferred.equals(chosen)) {
            return null;
        }
        String how = "; to choose another folder set DJL_CACHE_DIR (environment variable or -DDJL_CACHE_DIR=...)";
        return chosen == null
                ? "neither " + preferred + " nor the per-user cache can be written, so PyTorch cannot unpack its"
                        + " native libraries" + how
                : "the models folder cannot be written here, so PyTorch's native libraries go to " + chosen + how;
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
        Engine engine = loadEngine();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
        return engine;
    }

    /**
     * The PyTorch engine (loaded on first use, after the recorded libtorch choice is applied), with
     * NNPACK switched off ({@link Nnpack}).
     *
     * @throws EngineException naming the missing native library when there is none for this platform
     * @throws EngineLoadException when it does not load otherwise: the message names the folder it
     *                             loaded from, the cause, and the way back (DJL's own says neither)
     */
    public static Engine loadEngine() {
        offlineByDefault();
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | LinkageError e) {
            if (MissingNatives.explain(facts()).isPresent()) {
                throw new EngineException(MissingNatives.explain(facts()).get(), e);
            }
            throw new EngineLoadException(e, ActiveFrontDoor.get());
        }
        synchronized (EngineSetup.class) {
            if (!nnpackSwitched) {
                Nnpack.disable(ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
                nnpackSwitched = true;
            }
        }
        EngineEnvironment.engineLoaded(engine.hasCapability(StandardCapabilities.CUDA));
        return engine;
    }

    private static EngineFacts facts() {
        try {
            return EngineEnvironment.facts(ActiveFrontDoor.get(), "auto");
        } catch (RuntimeException e) {
            return null; // no models folder: nothing to add to DJL's own message
        }
    }
}
