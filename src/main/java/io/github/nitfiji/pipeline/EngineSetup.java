package io.github.nitfiji.pipeline;

import io.github.nitfiji.models.ModelsFolder;
import java.nio.file.Path;

/**
 * Settles DJL's environment before its first use, for every front door.
 *
 * <ul>
 *   <li>Offline by default: DJL may not download anything, and never calls home. A user with a
 *       CUDA GPU lets DJL fetch the matching CUDA libtorch once with {@code -Dnit.engine.download=true}
 *       or {@code NIT_ENGINE_DOWNLOAD=true}; an explicit {@code ai.djl.offline} / {@code DJL_OFFLINE}
 *       always wins.</li>
 *   <li>DJL's cache (extracted natives, a downloaded libtorch) lives in {@code <models folder>/djl}
 *       unless {@code DJL_CACHE_DIR} is set, so one folder holds everything NiT needs.</li>
 * </ul>
 */
public final class EngineSetup {
    public static final String DOWNLOAD_SWITCH = "nit.engine.download";
    private static boolean done;

    private EngineSetup() {
    }

    public static synchronized void apply() {
        if (done) {
            return;
        }
        done = true;
        setIfAbsent("OPT_OUT_TRACKING", "true");
        boolean downloadsAllowed = Boolean.parseBoolean(System.getProperty(DOWNLOAD_SWITCH,
                System.getenv().getOrDefault("NIT_ENGINE_DOWNLOAD", "false")));
        if (System.getenv("DJL_OFFLINE") == null) {
            setIfAbsent("ai.djl.offline", Boolean.toString(!downloadsAllowed));
        }
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            try {
                Path cache = ModelsFolder.resolve().root().resolve("djl");
                System.setProperty("DJL_CACHE_DIR", cache.toString());
            } catch (RuntimeException e) {
                // no usable models folder: DJL keeps its own default (~/.djl.ai)
            }
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) {
            System.setProperty(key, value);
        }
    }
}
