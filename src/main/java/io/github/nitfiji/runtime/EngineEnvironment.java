package io.github.nitfiji.runtime;

import io.github.nitfiji.FrontDoor;
import io.github.nitfiji.catalog.ModelDownloader;
import io.github.nitfiji.catalog.ModelsFolder;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Properties;

/**
 * This JVM's side of the engine choice: gathers the {@link EngineFacts} (platform, driver,
 * environment, recorded choice) and applies the recorded choice before DJL loads its engine.
 *
 * <p>Mechanism: DJL 0.36 ({@code ai.djl.pytorch.jni.LibUtils}) looks for {@code PYTORCH_LIBRARY_PATH}
 * and {@code PYTORCH_FLAVOR} through {@code Utils.getEnvOrSystemProperty}: the environment first,
 * then system properties, and only when the engine first loads. Setting the two system properties
 * before that moment is the one supported way to choose a libtorch from inside a running JVM (the
 * environment cannot be changed from Java), and a user's own environment variables still win. The
 * flavour must accompany the path: without it DJL guesses {@code cpu-precxx11} or
 * {@code cu128-precxx11} on Linux, for which its JNI jar has no library.
 */
public final class EngineEnvironment {
    public static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    public static final String FLAVOR = "PYTORCH_FLAVOR";

    private static volatile Optional<NvidiaDriver> driver;
    private static volatile String loadedFlavor;

    private EngineEnvironment() {
    }

    /**
     * Hands the recorded choice (or the flavour of the user's own {@code PYTORCH_LIBRARY_PATH}) to
     * DJL. Call before the engine first loads; later calls change nothing DJL reads.
     *
     * @return what was applied, for a log line, or null when nothing was
     */
    public static synchronized String applyBeforeLoad(Path modelsRoot) {
        HostPlatform platform = HostPlatform.current();
        String env = System.getenv(LIBRARY_PATH);
        boolean flavorSet = System.getenv(FLAVOR) != null || System.getProperty(FLAVOR) != null;
        if (env != null) {
            if (flavorSet) {
                return null;
            }
            try {
                LibtorchIdentity id = LibtorchFolder.identify(Paths.get(env.split(java.io.File.pathSeparator)[0]), platform);
                System.setProperty(FLAVOR, id.flavor());
                return FLAVOR + "=" + id.flavor() + " for " + LIBRARY_PATH + "=" + env + " (" + id.evidence() + ")";
            } catch (EngineChoiceException | RuntimeException e) {
                return null;
            }
        }
        if (System.getProperty(LIBRARY_PATH) != null) {
            return null;
        }
        EngineRecord record = EngineRecord.read(modelsRoot);
        if (record == null || unusable(record, platform) != null) {
            return null; // never hand DJL a folder that is gone or changed since it was checked
        }
        System.setProperty(LIBRARY_PATH, record.folder().toString());
        if (!flavorSet) {
            System.setProperty(FLAVOR, record.flavor());
        }
        return LIBRARY_PATH + "=" + record.folder() + ", " + FLAVOR + "=" + System.getProperty(FLAVOR, record.flavor())
                + " (recorded by '" + record.origin() + "')";
    }

    /** Called once the engine is loaded, so status and the GPU hint know what is in use. */
    public static void engineLoaded(boolean hasCuda) {
        loadedFlavor = hasCuda ? LibtorchIdentity.CUDA_FLAVOR : LibtorchIdentity.CPU_FLAVOR;
    }

    /** Flavour of the libtorch loaded in this JVM, or null before the engine loads. */
    public static String loadedFlavor() {
        return loadedFlavor;
    }

    /** The NVIDIA driver, probed once per JVM (nvidia-smi can take a second). */
    public static Optional<NvidiaDriver> driver() {
        Optional<NvidiaDriver> d = driver;
        if (d == null) {
            d = NvidiaProbe.probe(HostPlatform.current());
            driver = d;
        }
        return d;
    }

    /** Number of NVIDIA GPUs the driver reports (0 without a driver). */
    public static int nvidiaGpuCount() {
        return driver().map(d -> Math.max(1, d.gpus().size())).orElse(0);
    }

    /** The facts of this machine and JVM, for {@link EngineDecision#decide}. */
    public static EngineFacts facts(FrontDoor door, String device) {
        HostPlatform platform = HostPlatform.current();
        Path root = ModelsFolder.resolve().root();
        EngineRecord record = EngineRecord.read(root);
        return EngineFacts.on(platform).withDriver(driver().orElse(null))
                .withEnvironmentLibraryPath(System.getenv(LIBRARY_PATH))
                .withRecorded(record, record == null ? null : unusable(record, platform))
                .withBundledNatives(bundledNatives(platform)).withLoadedFlavor(loadedFlavor)
                .withOffline(ModelDownloader.offlineByEnvironment()).withDevice(device).withFrontDoor(door);
    }

    /**
     * Why the recorded folder must not be loaded, or null when it may: its name cannot be used by
     * this Java (the locale), its library is gone, or its libraries changed since they were
     * checked (a library cut short or overwritten would crash the JVM that maps it).
     */
    static String unusable(EngineRecord record, HostPlatform platform) {
        Path folder = record.folder();
        if (folder == null) {
            return record.folderProblem();
        }
        if (!holdsLibrary(folder, platform)) {
            return "is gone";
        }
        String changes = record.changes(folder);
        return changes == null ? null : "changed since it was checked (" + changes + ")";
    }

    static boolean holdsLibrary(Path folder, HostPlatform platform) {
        return Files.isRegularFile(folder.resolve(platform.torchLibraryName()));
    }

    /** Whether a {@code pytorch-native-*} jar for this platform is on the class path (what DJL would pick). */
    public static boolean bundledNatives(HostPlatform platform) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = EngineEnvironment.class.getClassLoader();
        }
        try {
            Enumeration<URL> urls = loader.getResources("native/lib/pytorch.properties");
            while (urls.hasMoreElements()) {
                Properties p = new Properties();
                try (InputStream in = urls.nextElement().openStream()) {
                    p.load(in);
                }
                if (platform.classifier().equals(p.getProperty("classifier")) && p.getProperty("placeholder") == null) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
