package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The set-up every macro test class shares, as a JUnit extension: before the first test, a models
 * folder of the class's own ({@code models/} in its {@code @TempDir}; empty, so NiT-XL is "not
 * installed" and the smoke-test model comes from the classes, or filled by an installer), named
 * to the plugins through {@code nit.models.dir}; then the JVM's one headless ImageJ
 * ({@link HeadlessImageJ}), started at first use.
 *
 * <pre>
 * &#64;TempDir
 * static Path dir;
 * &#64;RegisterExtension
 * static final HeadlessFiji imagej = HeadlessFiji.withEmptyModels(() -&gt; dir);
 * </pre>
 *
 * JUnit fills the {@code @TempDir} field before any registered extension runs, so the supplier sees it.
 */
final class HeadlessFiji implements BeforeAllCallback {
    /** Writes a models folder's cards and files. */
    @FunctionalInterface
    interface ModelsInstaller {
        void install(Path models) throws Exception;
    }

    /** What a macro returned or the error that ended it, and what it printed to the Log. */
    static final class Logged {
        final HeadlessImageJ.MacroResult result;
        final String log;

        Logged(HeadlessImageJ.MacroResult result, String log) {
            this.result = result;
            this.log = log;
        }
    }

    private final Supplier<Path> dir;
    private final ModelsInstaller installer;
    private Path models;

    private HeadlessFiji(Supplier<Path> dir, ModelsInstaller installer) {
        this.dir = dir;
        this.installer = installer;
    }

    /** An empty models folder in {@code dir}. */
    static HeadlessFiji withEmptyModels(Supplier<Path> dir) {
        return new HeadlessFiji(dir, models -> { });
    }

    /** A models folder in {@code dir} that {@code installer} fills. */
    static HeadlessFiji withModels(Supplier<Path> dir, ModelsInstaller installer) {
        return new HeadlessFiji(dir, installer);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path folder = Files.createDirectories(dir.get().resolve("models"));
        installer.install(folder);
        System.setProperty("nit.models.dir", folder.toString());
        models = folder;
    }

    /** The models folder the plugins use. */
    Path models() {
        if (models == null) {
            throw new IllegalStateException("register HeadlessFiji with @RegisterExtension on a static field");
        }
        return models;
    }

    HeadlessImageJ.MacroResult runMacro(String macro, String argument) throws Exception {
        models();
        return HeadlessImageJ.get().runMacro(macro, argument);
    }

    /** Runs a macro and keeps what it printed to the Log (ImageJ without a window prints the Log). */
    Logged runLogged(String macro) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
        HeadlessImageJ.MacroResult r;
        try {
            r = runMacro(macro, null);
        } finally {
            System.setOut(saved);
        }
        return new Logged(r, log.toString(StandardCharsets.UTF_8));
    }

    /** What a macro printed to the Log; fails if the macro was aborted. */
    String logOf(String macro) throws Exception {
        Logged logged = runLogged(macro);
        assertNull(logged.result.error, logged.result.toString());
        return logged.log;
    }

    /** {@link HeadlessImageJ#runPlugIn}. */
    Object runPlugIn(String className, String macroOptions) throws Exception {
        models();
        return HeadlessImageJ.get().runPlugIn(className, macroOptions);
    }

    /** {@link HeadlessImageJ#call}. */
    Object call(String className, String method, Class<?>[] types, Object... args) throws Exception {
        models();
        return HeadlessImageJ.get().call(className, method, types, args);
    }

    /** {@link HeadlessImageJ#pressEscape}. */
    void pressEscape() throws Exception {
        HeadlessImageJ.get().pressEscape();
    }

    /** A main class in a fresh JVM with this models folder, its output kept in the test's folder. */
    void runMain(String mainClass, String... args) throws Exception {
        HeadlessImageJ.get().runMain(models(), dir.get(), mainClass, args);
    }
}
