package io.github.nitfiji;

import java.io.IOException;
import java.nio.file.Files;

/** Points {@code nit.models.dir} at a fresh temporary folder for a test class, and restores it after. */
public final class IsolatedModelsFolder {
    private static final String PROPERTY = "nit.models.dir";
    private final String saved;

    private IsolatedModelsFolder(String saved) {
        this.saved = saved;
    }

    public static IsolatedModelsFolder enter(String prefix) throws IOException {
        IsolatedModelsFolder folder = new IsolatedModelsFolder(System.getProperty(PROPERTY));
        System.setProperty(PROPERTY, Files.createTempDirectory(prefix).toString());
        return folder;
    }

    public void leave() {
        if (saved == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, saved);
        }
    }
}
