package io.github.nitfiji.runtime;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.nitfiji.io.UserText;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link LoadCheck} in a child JVM: the child hands the folder to DJL exactly as a start with
 * the recorded choice would, loads the engine and multiplies two small matrices. A library that
 * crashes the child (SIGBUS from a file cut short, SIGSEGV) or fails to load is reported with
 * what the child saw; the caller's JVM never maps the library. Takes a few seconds.
 */
public final class EngineLoadCheck implements LoadCheck {
    /** The one the front doors use. */
    public static final EngineLoadCheck CHILD_PROCESS = new EngineLoadCheck();

    private static final String OK = "nit-load-check: ok ";
    private static final String FAILED = "nit-load-check: failed: ";
    private static final long TIMEOUT_SECONDS = 300;
    private static final Pattern SIGNAL = Pattern.compile("#\\s+(SIG[A-Z]+|EXCEPTION_[A-Z_]+)");
    private static final Pattern FRAME = Pattern.compile("#\\s+C\\s+\\[([^\\]+]+)");

    private EngineLoadCheck() {
    }

    @Override
    public String problem(LibtorchIdentity libtorch) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("nit-load-check");
        } catch (IOException e) {
            return "no temporary folder for the test process (" + e.getMessage() + ")";
        }
        try {
            return run(libtorch, scratch);
        } finally {
            deleteQuietly(scratch);
        }
    }

    private static String run(LibtorchIdentity libtorch, Path scratch) {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:-CreateCoredumpOnCrash",
                "-XX:ErrorFile=" + scratch.resolve("crash-%p.log"), "-Dai.djl.offline=true"));
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache != null) {
            command.add("-DDJL_CACHE_DIR=" + cache);
        }
        command.addAll(List.of("-cp", classPath(), EngineLoadCheck.class.getName(), libtorch.folder().toString(),
                libtorch.flavor()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true)
                .redirectOutput(scratch.resolve("output.txt").toFile());
        // the child must load the folder under test, whatever the user's own environment names
        pb.environment().remove(io.github.nitfiji.runtime.EngineEnvironment.LIBRARY_PATH);
        pb.environment().remove(io.github.nitfiji.runtime.EngineEnvironment.FLAVOR);
        pb.environment().put("OPT_OUT_TRACKING", "true");
        String output;
        int exit;
        try {
            Process child = pb.start();
            if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return "loading its libraries took more than " + TIMEOUT_SECONDS / 60 + " minutes in a test process";
            }
            exit = child.exitValue();
            output = new String(Files.readAllBytes(scratch.resolve("output.txt")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "the test process could not start (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the check was interrupted";
        }
        if (exit == 0 && output.contains(OK)) {
            return null;
        }
        return describe(output, exit);
    }

    /** What went wrong in the child, from its output: our own failure line, or the JVM's crash report. */
    static String describe(String output, int exit) {
        for (String line : output.split("\n")) {
            if (line.startsWith(FAILED)) {
                return "loading it failed: " + UserText.shown(line.substring(FAILED.length()).trim(), 600);
            }
        }
        Matcher signal = SIGNAL.matcher(output);
        if (signal.find()) {
            Matcher frame = FRAME.matcher(output);
            return "loading it crashed the test process (" + signal.group(1)
                    + (frame.find() ? " in " + UserText.shown(frame.group(1).trim()) : "")
                    + "): a library there is damaged, cut short or built for another system";
        }
        String last = output.trim();
        int cut = last.lastIndexOf('\n');
        return "the test process ended with exit code " + exit
                + (last.isEmpty() ? "" : " (" + UserText.shown(last.substring(cut + 1).trim(), 300) + ")");
    }

    /** The jars the child needs: ours, DJL's and their dependencies, wherever the host keeps them (Fiji's jars/). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (String name : new String[] {EngineLoadCheck.class.getName(), "ai.djl.engine.Engine",
                "ai.djl.pytorch.engine.PtEngine", "com.google.gson.Gson", "com.sun.jna.Native",
                "org.slf4j.LoggerFactory", "org.apache.commons.compress.utils.IOUtils"}) {
            try {
                Class<?> c = Class.forName(name, false, EngineLoadCheck.class.getClassLoader());
                add(entries, c.getProtectionDomain().getCodeSource().getLocation());
            } catch (ClassNotFoundException | SecurityException | NullPointerException e) {
                // optional dependency, or one on the system class path (then java.class.path has it)
            }
        }
        for (String resource : new String[] {"jnilib/pytorch.properties", "native/lib/pytorch.properties"}) {
            URL url = EngineLoadCheck.class.getClassLoader().getResource(resource);
            if (url != null && url.getProtocol().equals("jar")) {
                try {
                    String spec = url.getPath();
                    add(entries, new URL(spec.substring(0, spec.indexOf("!/"))));
                } catch (IOException | RuntimeException e) {
                    // the engine finds its natives without this jar when the folder has them
                }
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void add(Set<String> entries, URL location) {
        try {
            entries.add(Paths.get(location.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            // not a file: the child cannot use it
        }
    }

    private static void deleteQuietly(Path folder) {
        try (java.util.stream.Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the system cleans it eventually
        }
    }

    /** The child: load the folder {@code args[0]} of flavour {@code args[1]} and compute with it. */
    public static void main(String[] args) {
        System.setProperty(io.github.nitfiji.runtime.EngineEnvironment.LIBRARY_PATH, args[0]);
        System.setProperty(io.github.nitfiji.runtime.EngineEnvironment.FLAVOR, args[1]);
        try {
            Engine engine = Engine.getEngine("PyTorch");
            try (NDManager manager = NDManager.newBaseManager()) {
                NDArray ones = manager.ones(new Shape(2, 2));
                float sum = ones.matMul(ones).sum().getFloat();
                if (sum != 8f) {
                    System.out.println(FAILED + "2 x 2 ones times itself summed to " + sum + ", not 8");
                    System.exit(3);
                }
            }
            System.out.println(OK + engine.getVersion() + " from " + ai.djl.pytorch.jni.LibUtils.getLibtorchPath());
            System.exit(0);
        } catch (Throwable t) {
            StringBuilder why = new StringBuilder();
            for (Throwable c = t; c != null && why.length() < 2000; c = c.getCause() == c ? null : c.getCause()) {
                if (c.getMessage() != null && why.indexOf(c.getMessage()) < 0) {
                    why.append(why.length() == 0 ? "" : ": ").append(c.getMessage());
                }
            }
            System.out.println(FAILED + (why.length() == 0 ? t.getClass().getSimpleName() : why.toString().replace('\n', ' ')));
            System.exit(2);
        }
    }
}
