package io.github.nitfiji.catalog.engine;

import java.io.IOException;
import java.nio.file.Path;

/** {@code engine use FOLDER} and {@code engine reset}: change the recorded choice, checked first. */
public final class EngineChoices {
    private EngineChoices() {
    }

    /**
     * Records an existing libtorch (pytorch.org's archive, a torch wheel's {@code lib} folder, or a
     * folder {@code engine install} filled) after checking DJL 0.36 can drive it.
     */
    public static LibtorchIdentity use(Path folder, Path modelsRoot, HostPlatform platform) throws EngineChoiceException {
        LibtorchIdentity id = LibtorchFolder.identify(folder, platform);
        LibtorchFolder.checkUsable(id, platform);
        try {
            EngineRecord.of(id, "engine use").write(modelsRoot);
        } catch (IOException e) {
            throw new EngineChoiceException("cannot record the choice in " + modelsRoot.resolve(EngineRecord.FILE) + ": "
                    + e.getMessage(), e);
        }
        return id;
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
