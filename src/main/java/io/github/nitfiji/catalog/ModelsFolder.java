package io.github.nitfiji.catalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.Function;

/**
 * Where downloaded models live. The first of these that is set wins:
 * <ol>
 *   <li>system property {@value #PROPERTY} (e.g. {@code -Dnit.models.dir=/data/models});</li>
 *   <li>environment variable {@value #ENV};</li>
 *   <li>inside Fiji: {@code <Fiji.app>/models/nit}, found through the system properties
 *       {@code ij.dir}, {@code fiji.dir} or {@code imagej.dir} (Fiji keeps models under
 *       {@code Fiji.app/models/});</li>
 *   <li>{@code ~/.nit/models}.</li>
 * </ol>
 * Each model's files go in {@code <folder>/<model id>/<file path>}.
 */
public final class ModelsFolder {
    public static final String PROPERTY = "nit.models.dir";
    public static final String ENV = "NIT_MODELS_DIR";
    /** System properties that point at the Fiji/ImageJ installation, in the order we trust them. */
    static final String[] FIJI_PROPERTIES = {"ij.dir", "fiji.dir", "imagej.dir"};

    private final Path root;
    private final String origin;

    private ModelsFolder(Path root, String origin) {
        this.root = root.toAbsolutePath().normalize();
        this.origin = origin;
    }

    /**
     * A folder chosen explicitly (e.g. by a {@code --models-dir} option). It need not exist yet (it
     * is made when the first model is downloaded), but it may not be something else.
     *
     * @throws IllegalArgumentException when {@code root} is a file, a device or a FIFO
     */
    public static ModelsFolder at(Path root, String origin) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IllegalArgumentException(origin + " " + io.github.nitfiji.io.UserText.shown(root.toString())
                    + " is a file, not a folder; give the folder that holds (or will hold) the models");
        }
        return new ModelsFolder(root, origin);
    }

    /** Resolves the folder from this JVM's properties and environment. */
    public static ModelsFolder resolve() {
        return resolve(System::getProperty, System::getenv, Paths.get(System.getProperty("user.home", ".")));
    }

    /** Resolution with the lookups passed in, so tests can check the precedence without a real environment. */
    public static ModelsFolder resolve(Function<String, String> properties, Function<String, String> environment, Path home) {
        String property = trimmed(properties.apply(PROPERTY));
        if (property != null) {
            return new ModelsFolder(expandHome(property, home), "system property " + PROPERTY);
        }
        String env = trimmed(environment.apply(ENV));
        if (env != null) {
            return new ModelsFolder(expandHome(env, home), "environment variable " + ENV);
        }
        for (String key : FIJI_PROPERTIES) {
            String dir = trimmed(properties.apply(key));
            if (dir != null && Files.isDirectory(Paths.get(dir))) {
                return new ModelsFolder(Paths.get(dir, "models", "nit"), "Fiji installation (system property " + key + ")");
            }
        }
        return new ModelsFolder(home.resolve(".nit").resolve("models"), "default (~/.nit/models)");
    }

    /** The folder (it may not exist yet). */
    public Path root() {
        return root;
    }

    /** Why this folder was chosen, for messages such as "models folder: ... (from NIT_MODELS_DIR)". */
    public String origin() {
        return origin;
    }

    /** {@code <folder>/<id>}. */
    public Path modelDir(String modelId) {
        return root.resolve(modelId);
    }

    /** {@code <folder>/<id>/<file path>}: where the file is installed. */
    public Path file(ModelCard card, ModelFile file) {
        Path p = modelDir(card.id());
        for (String part : file.path().split("/")) {
            p = p.resolve(part);
        }
        return p;
    }

    @Override
    public String toString() {
        return root + " (" + origin + ")";
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Path expandHome(String path, Path home) {
        if (path.equals("~")) {
            return home;
        }
        if (path.startsWith("~/") || path.startsWith("~\\")) {
            return home.resolve(path.substring(2));
        }
        return Paths.get(path);
    }
}
