package io.github.nitfiji.runtime;

import java.io.IOException;
import java.nio.file.Path;

/** {@code engine use FOLDER} and {@code engine reset}: change the recorded choice, checked first. */
public final class EngineChoices {
    private EngineChoices() {
    }

    /**
     * Records an existing libtorch (pytorch.org's archive, a torch wheel's {@code lib} folder, or a
     * folder {@code engine install} filled) after checking DJL 0.36 can drive it: its version and
     * flavour from its files, then its libraries by loading them ({@code loadCheck}, in a child
     * process). A folder that fails changes nothing.
     */
    public static LibtorchIdentity use(Path folder, Path modelsRoot, HostPlatform platform, LoadCheck loadCheck)
            throws EngineChoiceException {
        LibtorchIdentity id = LibtorchFolder.identify(folder, platform);
        LibtorchFolder.checkUsable(id, platform);
        String problem = loadCheck.problem(id);
        if (problem != null) {
            throw refused(id, problem, modelsRoot);
        }
        try {
            EngineRecord.of(id, "engine use").write(modelsRoot);
        } catch (IOException e) {
            throw new EngineChoiceException("cannot record the choice in " + modelsRoot.resolve(EngineRecord.FILE) + ": "
                    + e.getMessage(), e);
        }
        return id;
    }

    /** A folder whose libraries did not load: what failed, that nothing changed, and the way back. */
    static EngineChoiceException refused(LibtorchIdentity id, String problem, Path modelsRoot) {
        EngineRecord current = EngineRecord.read(modelsRoot);
        return new EngineChoiceException("cannot use " + id.folder() + ": " + problem + ". Nothing was recorded; the"
                + " next start still uses " + (current == null ? "the bundled CPU engine" : current.toString())
                + " (and 'engine reset' always goes back to the bundled CPU engine).");
    }

    /**
     * Forgets the recorded choice: the next start uses the bundled CPU engine. Installed files stay
     * (another {@code engine use} can pick them up again).
     *
     * @return the choice that was recorded, or null if there was none
     */
    public static EngineRecord reset(Path modelsRoot) throws EngineChoiceException {
        EngineRecord old = EngineRecord.read(modelsRoot);
        try {
            EngineRecord.delete(modelsRoot);
        } catch (IOException e) {
            throw new EngineChoiceException("cannot remove " + modelsRoot.resolve(EngineRecord.FILE) + ": " + e.getMessage(), e);
        }
        return old;
    }
}
