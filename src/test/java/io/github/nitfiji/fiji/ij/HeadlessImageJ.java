package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.imagej.patcher.LegacyEnvironment;

/**
 * A real ImageJ 1 as Fiji runs it headless: ij1-patcher's {@link LegacyEnvironment} (patched
 * ij.jar in its own class loader, headless GenericDialog), with this project's classes and
 * dependencies on ImageJ's plugin class path, so plugins.config registers the commands exactly
 * as in Fiji. Macros run through ImageJ's own {@code ij.macro.Interpreter}.
 *
 * <p>ImageJ's classes here are not the test's classes: results cross over as files (TIFFs the
 * macro saves), strings (the macro's return value) or through reflection.
 */
final class HeadlessImageJ {
    private static HeadlessImageJ instance;
    private final LegacyEnvironment env;
    private final ClassLoader loader;

    /** What a macro returned, or the message that aborted it. */
    static final class MacroResult {
        final String returned;
        final String error;

        MacroResult(String returned, String error) {
            this.returned = returned;
            this.error = error;
        }

        @Override
        public String toString() {
            return "returned " + returned + ", error " + error;
        }
    }

    private HeadlessImageJ(File[] pluginClasspath) throws Exception {
        env = new LegacyEnvironment(null, true);
        env.disableIJ1PluginDirs();
        env.disableInitializer();
        env.addPluginClasspath(pluginClasspath);
        loader = env.getClassLoader();
    }

    /** One ImageJ per test JVM (ImageJ 1 is full of statics). */
    static synchronized HeadlessImageJ get() throws Exception {
        if (instance == null) {
            instance = new HeadlessImageJ(pluginClasspath());
        }
        return instance;
    }

    /**
     * A headless Fiji in a JVM of its own, as {@code fiji --headless -batch MACRO} runs: the
     * arguments are the plugin class path (jars and folders), then the macro file. Prints what the
     * macro returned or the error that ended it.
     */
    public static void main(String[] args) throws Exception {
        File[] plugins = new File[args.length - 1];
        for (int i = 0; i < plugins.length; i++) {
            plugins[i] = new File(args[i]);
        }
        MacroResult r = new HeadlessImageJ(plugins).runMacro(Files.readString(Paths.get(args[args.length - 1])), null);
        System.out.println("macro returned: " + r.returned);
        System.out.println("macro error: " + r.error);
        System.exit(0);
    }

    /**
     * The test class path minus ImageJ itself and the test machinery: target/classes (with
     * plugins.config) and the runtime dependencies, as Fiji's plugins/ and jars/ would hold them.
     */
    private static File[] pluginClasspath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<File> files = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (entry.isEmpty() || name.equals("test-classes") || name.matches("(ij|ij1-patcher|javassist|classgraph"
                    + "|junit|opentest4j|apiguardian|surefire|groovy).*\\.jar") || name.startsWith("junit-")) {
                continue;
            }
            files.add(new File(entry));
        }
        return files.toArray(new File[0]);
    }

    /** Runs macro code in a new "Run$_" thread, as ImageJ runs macros, and waits for it. */
    MacroResult runMacro(String macro, String argument) throws Exception {
        AtomicReference<MacroResult> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                Class<?> interpreterClass = loader.loadClass("ij.macro.Interpreter");
                Object interpreter = interpreterClass.getConstructor().newInstance();
                String returned = (String) interpreterClass.getMethod("run", String.class, String.class)
                        .invoke(interpreter, macro, argument);
                String error = (String) interpreterClass.getMethod("getErrorMessage").invoke(interpreter);
                result.set(new MacroResult(returned, error));
            } catch (InvocationTargetException e) {
                failure.set(e.getCause());
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure.set(e);
            }
        }, "Run$_nit-test-macro");
        thread.setContextClassLoader(loader);
        thread.start();
        thread.join(120_000);
        if (thread.isAlive()) {
            throw new AssertionError("macro still running after 2 minutes:\n" + macro);
        }
        if (failure.get() != null) {
            throw new AssertionError("macro threw " + failure.get(), failure.get());
        }
        return result.get();
    }

    /** {@code IJ.runPlugIn(className, "")} with macro options, as Java code or a script would call it. */
    Object runPlugIn(String className, String macroOptions) {
        env.setMacroOptions(macroOptions);
        return env.runPlugIn(className, "");
    }

    /** Calls a static method of an ImageJ class inside the environment. */
    Object call(String className, String method, Class<?>[] types, Object... args) throws Exception {
        Method m = loader.loadClass(className).getMethod(method, types);
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /**
     * Runs a main class on the test class path in a fresh JVM with {@code models} as its models
     * folder and this ImageJ's engine thread count (a child would pick its own from the load
     * average at its start, and pixels and provenance are only the same for the same count); its
     * output goes to {@code logDir}. Call after a generation has loaded the engine here.
     */
    void runMain(Path models, Path logDir, String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(Arrays.asList(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-Djava.awt.headless=true", "-Dai.djl.offline=true", "-Dnit.models.dir=" + models,
                "-Dai.djl.pytorch.num_threads=" + engineThreads(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                mainClass));
        command.addAll(Arrays.asList(args));
        File log = logDir.resolve(mainClass + ".log").toFile();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(mainClass + " did not finish within 180 s");
        }
        assertEquals(0, p.exitValue(), mainClass + ": " + Files.readString(log.toPath()));
    }

    /** The intra-op threads of the engine this ImageJ's plugins loaded. */
    private int engineThreads() throws Exception {
        ClassLoader plugins = (ClassLoader) call("ij.IJ", "getClassLoader", new Class<?>[0]);
        return (Integer) plugins.loadClass("ai.djl.pytorch.jni.JniUtils").getMethod("getNumThreads").invoke(null);
    }

    /** Presses Esc in this ImageJ, as the key listener of its window would. */
    void pressEscape() throws Exception {
        call("ij.IJ", "setKeyDown", new Class<?>[] {int.class}, java.awt.event.KeyEvent.VK_ESCAPE);
    }
}
