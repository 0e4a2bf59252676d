package io.github.nitfiji.runtime;

import io.github.nitfiji.io.JsonFields;
import io.github.nitfiji.io.JsonFormatException;
import io.github.nitfiji.io.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells what libtorch a folder holds without loading it, from the files each kind of
 * distribution carries: our own install marker, pytorch.org's {@code libtorch/build-version},
 * a torch wheel's {@code torch/version.py}, or the folder name of DJL's cache
 * ({@code 2.7.1-cu128-linux-x86_64}).
 */
public final class LibtorchFolder {
    /** Written by {@code engine install} next to the libraries it installs. */
    public static final String MARKER = "nit-libtorch.json";

    private static final Pattern PLUS_VERSION = Pattern.compile("(\\d+\\.\\d+\\.\\d+)(?:\\+([a-z]+\\d*))?");
    private static final Pattern WHEEL_VERSION = Pattern.compile("(?m)^__version__\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern WHEEL_CUDA = Pattern.compile("(?m)^cuda(?:\\s*:[^=]*)?=\\s*['\"](\\d+)\\.(\\d+)['\"]");
    private static final Pattern DJL_CACHE = Pattern.compile(
            "(\\d+\\.\\d+\\.\\d+)(?:-\\d+)?-(cpu|cu\\d{3})(?:-precxx11)?-([a-z]+-[a-z0-9_]+)");

    private LibtorchFolder() {
    }

    /**
     * @param given a libtorch folder, its {@code lib} subfolder, or a torch wheel's {@code torch/lib}
     * @throws EngineChoiceException when there is no libtorch there or its version cannot be told
     */
    public static LibtorchIdentity identify(Path given, HostPlatform platform) throws EngineChoiceException {
        Path folder = given.toAbsolutePath().normalize();
        String lib = platform.torchLibraryName();
        if (!Files.isRegularFile(folder.resolve(lib)) && Files.isRegularFile(folder.resolve("lib").resolve(lib))) {
            folder = folder.resolve("lib");
        }
        if (!Files.isRegularFile(folder.resolve(lib))) {
            throw new EngineChoiceException(given + " holds no " + lib + " (nor does its 'lib' folder): name the folder "
                    + "that holds the PyTorch libraries (pytorch.org's libtorch folder, or a torch wheel's torch/lib)");
        }
        LibtorchIdentity id = fromMarker(folder);
        if (id == null) {
            id = fromBuildVersion(folder, folder.resolve("build-version"));
        }
        if (id == null && folder.getParent() != null) {
            id = fromBuildVersion(folder, folder.getParent().resolve("build-version"));
        }
        if (id == null && folder.getParent() != null) {
            id = fromWheel(folder, folder.getParent().resolve("version.py"));
        }
        if (id == null) {
            id = fromDjlCacheName(folder, platform);
        }
        if (id == null) {
            throw new EngineChoiceException("cannot tell which libtorch version " + folder + " holds: it has no "
                    + "build-version file (pytorch.org's libtorch archive), no ../version.py (a torch wheel's lib "
                    + "folder) and no " + MARKER + ". Use pytorch.org's libtorch " + LibtorchIdentity.VERSION
                    + " archive or the lib folder of a torch " + LibtorchIdentity.VERSION + " wheel.");
        }
        return id;
    }

    /** Checks that DJL 0.36's JNI library can drive this libtorch on this platform. */
    public static void checkUsable(LibtorchIdentity id, HostPlatform platform) throws EngineChoiceException {
        if (!id.version().equals(LibtorchIdentity.VERSION)) {
            throw new EngineChoiceException(id.folder() + " holds libtorch " + id.version() + " (" + id.evidence()
                    + "), but this plugin's engine (DJL 0.36) needs exactly " + LibtorchIdentity.VERSION + ". Nothing was changed.");
        }
        boolean cpu = id.flavor().equals(LibtorchIdentity.CPU_FLAVOR);
        boolean cuda = id.flavor().equals(LibtorchIdentity.CUDA_FLAVOR) && platform.hasCudaBuild();
        if (!cpu && !cuda) {
            throw new EngineChoiceException(id.folder() + " holds libtorch " + id.version() + " built for " + id.flavor()
                    + " (" + id.evidence() + "); DJL 0.36 has a JNI library for " + LibtorchIdentity.CPU_FLAVOR
                    + (platform.hasCudaBuild() ? " and " + LibtorchIdentity.CUDA_FLAVOR + " (CUDA 12.8)" : "")
                    + " only on " + platform + ". Nothing was changed.");
        }
    }

    private static LibtorchIdentity fromMarker(Path folder) {
        Path marker = folder.resolve(MARKER);
        if (!Files.isRegularFile(marker)) {
            return null;
        }
        try {
            JsonFields p = StrictJson.parseObject(Files.readString(marker, StandardCharsets.UTF_8), marker.toString());
            return new LibtorchIdentity(folder, p.requiredString("version"), p.requiredString("flavor"), MARKER);
        } catch (IOException | JsonFormatException e) {
            return null; // a damaged marker: the other evidence decides
        }
    }

    private static LibtorchIdentity fromBuildVersion(Path folder, Path file) {
        String text = read(file);
        Matcher m = text == null ? null : PLUS_VERSION.matcher(text.trim());
        if (m == null || !m.matches()) {
            return null;
        }
        String flavor = m.group(2) == null ? LibtorchIdentity.CPU_FLAVOR : m.group(2).toLowerCase(Locale.ROOT);
        return new LibtorchIdentity(folder, m.group(1), flavor, file.toString());
    }

    private static LibtorchIdentity fromWheel(Path folder, Path versionPy) {
        String text = read(versionPy);
        Matcher v = text == null ? null : WHEEL_VERSION.matcher(text);
        if (v == null || !v.find()) {
            return null;
        }
        Matcher plus = PLUS_VERSION.matcher(v.group(1));
        if (!plus.matches()) {
            return null;
        }
        String flavor;
        Matcher cuda = WHEEL_CUDA.matcher(text);
        if (cuda.find()) {
            flavor = "cu" + cuda.group(1) + cuda.group(2);
        } else {
            flavor = plus.group(2) == null ? LibtorchIdentity.CPU_FLAVOR : plus.group(2);
        }
        return new LibtorchIdentity(folder, plus.group(1), flavor, versionPy.toString());
    }

    private static LibtorchIdentity fromDjlCacheName(Path folder, HostPlatform platform) {
        Matcher m = DJL_CACHE.matcher(folder.getFileName().toString());
        if (!m.matches() || !m.group(3).equals(platform.classifier())) {
            return null;
        }
        return new LibtorchIdentity(folder, m.group(1), m.group(2), "DJL cache folder name " + folder.getFileName());
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
