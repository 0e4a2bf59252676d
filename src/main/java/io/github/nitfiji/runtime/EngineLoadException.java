package io.github.nitfiji.runtime;

import ai.djl.util.Utils;
import io.github.nitfiji.FrontDoor;
import io.github.nitfiji.catalog.ModelsFolder;
import io.github.nitfiji.io.IoErrors;
import io.github.nitfiji.io.UserText;

/**
 * The engine did not load, in words. DJL says "Failed to load PyTorch native library" or
 * "Failed to extract PyTorch native library" and nothing else; this says from which folder, why
 * (the deepest cause: "file too short", "No space left on device"), and what brings the plugin
 * back: unsetting the environment variable that named the folder, {@code engine reset} for a
 * recorded choice, another {@code DJL_CACHE_DIR} for the bundled libraries.
 */
public final class EngineLoadException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    EngineLoadException(Throwable cause, FrontDoor door) {
        super(describe(cause, door), cause);
    }

    static String describe(Throwable e, FrontDoor door) {
        String reason = IoErrors.reason(e);
        String env = System.getenv(EngineEnvironment.LIBRARY_PATH);
        if (env != null) {
            return "the PyTorch engine did not load from " + UserText.shown(env) + " (" + reason + "), the folder the"
                    + " environment variable " + EngineEnvironment.LIBRARY_PATH + " names; unset it to use the"
                    + " recorded or the bundled engine";
        }
        String chosen = System.getProperty(EngineEnvironment.LIBRARY_PATH);
        if (chosen != null) {
            EngineRecord record = EngineRecord.read(ModelsFolder.resolve().root());
            return "the PyTorch engine did not load from " + UserText.shown(chosen) + " (" + reason + ")"
                    + (record == null ? "" : ", the folder chosen with '" + record.origin() + "'")
                    + ". Go back to the bundled CPU engine with: " + door.resetEngine()
                    + " (or check the folder again: " + door.useEngineFolder(UserText.shown(chosen)) + ")";
        }
        String cache;
        try {
            cache = Utils.getEngineCacheDir("pytorch").toString();
        } catch (RuntimeException other) {
            cache = "DJL's cache folder";
        }
        return "the bundled PyTorch engine did not load (" + reason + "); its libraries are unpacked into "
                + UserText.shown(cache) + ", which needs about 1 GB of free space and write access: free some"
                + " space, or set DJL_CACHE_DIR (environment variable or -DDJL_CACHE_DIR=...) to another folder";
    }
}
