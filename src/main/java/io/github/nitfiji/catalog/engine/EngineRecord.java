package io.github.nitfiji.catalog.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The libtorch the user chose ({@code engine install} or {@code engine use}), kept in
 * {@code <models folder>/engine.properties} so it travels with the models (in Fiji:
 * {@code Fiji.app/models/nit}). Written through a temporary file and a rename: readers see the old
 * choice or the new one, never half of one.
 */
public final class EngineRecord {
    public static final String FILE = "engine.properties";

    private final Path folder;
    private final String version;
    private final String flavor;
    private final String origin;

    public EngineRecord(Path folder, String version, String flavor, String origin) {
        this.folder = folder;
        this.version = version;
        this.flavor = flavor;
        this.origin = origin;
    }

    public static EngineRecord of(LibtorchIdentity id, String origin) {
        return new EngineRecord(id.folder(), id.version(), id.flavor(), origin);
    }

    /** The record in a models folder, or null when there is none (or it is unreadable: then the default applies). */
    public static EngineRecord read(Path modelsRoot) {
        Path file = modelsRoot.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        String folder = p.getProperty("libtorch.folder");
        String flavor = p.getProperty("libtorch.flavor");
        if (folder == null || flavor == null) {
            return null;
        }
        return new EngineRecord(Paths.get(folder), p.getProperty("libtorch.version", "unknown"), flavor,
                p.getProperty("origin", "unknown"));
    }

    public void write(Path modelsRoot) throws IOException {
        Files.createDirectories(modelsRoot);
        Properties p = new Properties();
        p.setProperty("libtorch.folder", folder.toString());
        p.setProperty("libtorch.version", version);
        p.setProperty("libtorch.flavor", flavor);
        p.setProperty("origin", origin);
        Path tmp = modelsRoot.resolve(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "The PyTorch library NiT loads at the next start (written by the 'engine' command)");
        }
        Files.move(tmp, modelsRoot.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes the record (the bundled CPU engine applies again); true if there was one. */
    public static boolean delete(Path modelsRoot) throws IOException {
        return Files.deleteIfExists(modelsRoot.resolve(FILE));
    }

    public Path folder() {
        return folder;
    }

    public String version() {
        return version;
    }

    public String flavor() {
        return flavor;
    }

    /** "engine install" or "engine use". */
    public String origin() {
        return origin;
    }

    public boolean isCuda() {
        return flavor.startsWith("cu");
    }

    @Override
    public String toString() {
        return "libtorch " + version + " " + flavor + " in " + folder + " (" + origin + ")";
    }
}
