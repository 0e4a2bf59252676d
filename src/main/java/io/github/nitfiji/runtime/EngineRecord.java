package io.github.nitfiji.runtime;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.nitfiji.io.AtomicFiles;
import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.OutputPaths;
import io.github.nitfiji.io.PathNames;
import io.github.nitfiji.io.StrictJson;
import io.github.nitfiji.io.UserText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The libtorch the user chose ({@code engine install} or {@code engine use}), kept in
 * {@code <models folder>/engine.json} so it travels with the models (in Fiji:
 * {@code Fiji.app/models/nit}): UTF-8 JSON read with the one strict reader, written through a
 * temporary file and a rename (readers see the old choice or the new one, never half of one).
 *
 * <p>The folder is kept as the text that was recorded and becomes a path only when used, so a
 * record written in a UTF-8 locale never stops a Java in the C locale from starting, reporting
 * or resetting. The size and modification time of every library in the folder are recorded
 * when it was checked ({@link #changes}); a folder whose libraries changed since is not handed to
 * the engine (a library cut short or overwritten would crash the JVM that maps it).
 */
public final class EngineRecord {
    public static final String FILE = "engine.json";

    private final String folder;
    private final String version;
    private final String flavor;
    private final String origin;
    /** File name to "bytes:modified-millis" for each library in the folder when it was checked. */
    private final Map<String, String> libraries;

    public EngineRecord(Path folder, String version, String flavor, String origin) {
        this(folder.toString(), version, flavor, origin, Map.of());
    }

    private EngineRecord(String folder, String version, String flavor, String origin, Map<String, String> libraries) {
        this.folder = folder;
        this.version = version;
        this.flavor = flavor;
        this.origin = origin;
        this.libraries = Map.copyOf(libraries);
    }

    /** The record of a checked libtorch folder, with its libraries as they are now. */
    public static EngineRecord of(LibtorchIdentity id, String origin) throws IOException {
        return new EngineRecord(id.folder().toString(), id.version(), id.flavor(), origin, fingerprint(id.folder()));
    }

    /** The record in a models folder, or null when there is none or it cannot be used ({@link #problem} says why). */
    public static EngineRecord read(Path modelsRoot) {
        try {
            return parse(modelsRoot);
        } catch (IOException | JsonFormatException e) {
            return null;
        }
    }

    /** Why the record in a models folder cannot be used, or null when it can (or there is none). */
    public static String problem(Path modelsRoot) {
        try {
            parse(modelsRoot);
            return null;
        } catch (IOException e) {
            return "the engine record " + modelsRoot.resolve(FILE) + " cannot be read (" + e.getMessage() + ")";
        } catch (JsonFormatException e) {
            return "the engine record is damaged (" + e.getMessage() + ")";
        }
    }

    private static EngineRecord parse(Path modelsRoot) throws IOException {
        Path file = modelsRoot.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        JsonFields o = StrictJson.parseObject(new String(Files.readAllBytes(file), StandardCharsets.UTF_8),
                file.toString());
        Map<String, String> libraries = new TreeMap<>();
        if (o.has("libraries")) {
            JsonFields libs = o.requiredObject("libraries");
            for (String name : libs.json().keySet()) {
                libraries.put(name, libs.requiredString(name));
            }
        }
        return new EngineRecord(o.requiredString("folder"), o.requiredString("version"), o.requiredString("flavor"),
                o.optionalString("origin", "unknown"), libraries);
    }

    /**
     * Writes the record, checked first as every output is ({@link OutputPaths}): the record may
     * not be a folder, a device or a FIFO.
     */
    public void write(Path modelsRoot) throws IOException {
        Files.createDirectories(modelsRoot);
        Path file = modelsRoot.resolve(FILE);
        try {
            OutputPaths.require(List.of(new OutputPaths.Named("the engine record", file)), List.of(),
                    OutputPaths.PROBE);
        } catch (OutputPaths.UnsafeOutputException e) {
            throw new IOException(e.getMessage(), e);
        }
        JsonObject o = new JsonObject();
        o.addProperty("folder", folder);
        o.addProperty("version", version);
        o.addProperty("flavor", flavor);
        o.addProperty("origin", origin);
        JsonObject libs = new JsonObject();
        libraries.forEach(libs::addProperty);
        o.add("libraries", libs);
        o.addProperty("note", "The PyTorch library NiT loads at the next start (written by the 'engine' command)");
        byte[] text = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o)
                .getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, tmp -> Files.write(tmp, text));
    }

    /** Removes the record (the bundled CPU engine applies again), readable or not; true if there was one. */
    public static boolean delete(Path modelsRoot) throws IOException {
        return Files.deleteIfExists(modelsRoot.resolve(FILE));
    }

    /** The folder as a path, or null when this Java cannot name it (see {@link #folderProblem}). */
    public Path folder() {
        try {
            return java.nio.file.Paths.get(folder);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The folder as recorded, for messages (printable). */
    public String folderText() {
        return UserText.shown(folder, 400);
    }

    /** Why this Java cannot use the recorded folder's name, or null when it can. */
    public String folderProblem() {
        return folder() == null ? PathNames.problem(folder) : null;
    }

    /**
     * What changed among the folder's libraries since the record was written ("libtorch_cpu.so:
     * 1024 bytes, modified ..."), or null when nothing did. A record without the list (written by
     * hand) was never checked, and is not trusted either.
     */
    public String changes(Path libraryFolder) {
        if (libraries.isEmpty()) {
            return "was recorded without a check of its libraries";
        }
        Map<String, String> now;
        try {
            now = fingerprint(libraryFolder);
        } catch (IOException e) {
            return "its libraries cannot be listed (" + e.getMessage() + ")";
        }
        for (Map.Entry<String, String> e : libraries.entrySet()) {
            String current = now.get(e.getKey());
            if (!e.getValue().equals(current)) {
                return UserText.shown(e.getKey()) + (current == null ? " is gone" : " changed ("
                        + describe(current) + ", was " + describe(e.getValue()) + ")");
            }
        }
        for (String name : now.keySet()) {
            if (!libraries.containsKey(name)) {
                return UserText.shown(name) + " was added";
            }
        }
        return null;
    }

    /** "bytes:modified" of each library file (.so, .dll, .dylib, versioned .so.N) in a folder. */
    static Map<String, String> fingerprint(Path folder) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!(name.endsWith(".dll") || name.endsWith(".dylib") || name.contains(".so"))) {
                    continue;
                }
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class); // links followed
                out.put(name, a.size() + ":" + a.lastModifiedTime().toMillis());
            }
        }
        return out;
    }

    private static String describe(String fingerprint) {
        int colon = fingerprint.indexOf(':');
        try {
            return fingerprint.substring(0, colon) + " bytes, modified "
                    + java.time.Instant.ofEpochMilli(Long.parseLong(fingerprint.substring(colon + 1)));
        } catch (RuntimeException e) {
            return UserText.shown(fingerprint); // a record edited by hand
        }
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
        return "libtorch " + UserText.shown(version) + " " + UserText.shown(flavor) + " in " + folderText() + " ("
                + UserText.shown(origin) + ")";
    }
}
