package io.github.nitfiji.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Checks, before anything else loads, that the libraries nit-cli.jar's manifest names (its
 * {@code lib/} folder) are next to it. A jar copied alone would otherwise fail at its first
 * library class with a bare NoClassDefFoundError. Uses nothing but the JDK.
 */
final class LibraryFolder {
    private static final int NAMED = 3;

    private LibraryFolder() {
    }

    /** The problem with the jar that holds {@code entry}, or empty (also when it runs from classes, not a jar). */
    static Optional<String> problem(Class<?> entry) {
        try {
            CodeSource source = entry.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path jar = Paths.get(source.getLocation().toURI());
            if (!Files.isRegularFile(jar)) {
                return Optional.empty();
            }
            String classPath;
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            }
            return classPath == null ? Optional.empty() : problem(jar, List.of(classPath.trim().split("\\s+")));
        } catch (IOException | URISyntaxException | SecurityException | IllegalArgumentException e) {
            return Optional.empty(); // cannot tell: let the start go on
        }
    }

    /** The problem when some of {@code classPath} (relative to the jar's folder) is missing, else empty. */
    static Optional<String> problem(Path jar, List<String> classPath) {
        Path folder = jar.toAbsolutePath().getParent();
        List<String> missing = new ArrayList<>();
        for (String entry : classPath) {
            if (!entry.isEmpty() && !Files.exists(folder.resolve(entry))) {
                missing.add(entry);
            }
        }
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        String named = String.join(", ", missing.subList(0, Math.min(NAMED, missing.size())))
                + (missing.size() > NAMED ? " and " + (missing.size() - NAMED) + " more" : "");
        String what = missing.size() == classPath.size() ? "the libraries it needs are not next to it"
                : missing.size() + " of the " + classPath.size() + " libraries it needs are missing";
        return Optional.of(jar.getFileName() + " cannot start: " + what + " (" + folder + " lacks " + named + "). "
                + jar.getFileName() + " runs with the lib folder it was built or shipped with: copy or move the jar"
                + " together with that folder (e.g. target/nit-cli.jar with target/lib), or run it where it is.");
    }
}
