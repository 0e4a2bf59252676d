package io.github.nitfiji.fiji.ij;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nitfiji.FijiShips;
import io.github.nitfiji.runtime.HostPlatform;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 25, item 10: the packaged plugin in a headless Fiji ({@code fiji --headless -batch}: ImageJ
 * patched by ij1-patcher, in a JVM of its own) started without the platform's natives folder
 * ({@code jars/linux64} and the like, which Fiji's launcher adds). The failure names the missing
 * jar and its folder, and ends the macro without ImageJ's macro-error dialog, which waits for a
 * click under a display (headless, ij1-patcher prints it as "Macro Error: ...").
 */
class FijiBatchIT {
    private static final Path TARGET = Paths.get("target").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aMissingNativesFolderIsNamedAndTheBatchMacroEndsWithoutADialog() throws Exception {
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx1g", "-Djava.awt.headless=true", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dnit.models.dir=" + Files.createDirectories(dir.resolve("models")), "-cp", imageJClassPath(),
                HeadlessImageJ.class.getName()));
        command.addAll(fijiWithoutNatives());
        command.add(Files.writeString(dir.resolve("generate.ijm"), "run(\"NiT Generate...\", \"prompt=207 width=64"
                + " height=64 model=smoke-test\");\nreturn \"went on\";\n").toString());
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ended, "the headless Fiji did not end: " + output);
        HostPlatform platform = HostPlatform.current();
        String missing = "PyTorch's native library for " + platform + " is missing: NiT's install puts pytorch-native-"
                + "cpu-2.7.1-" + platform.classifier() + ".jar in Fiji.app/jars/" + platform.fijiFolder() + "/";
        assertTrue(output.contains("NiT Generate: the PyTorch engine failed: " + missing), "in the Log: " + output);
        assertTrue(output.contains("macro error: the PyTorch engine failed: " + missing), "the macro's error: " + output);
        assertTrue(output.contains("macro returned: null"), "the macro stops at the failing command: " + output);
        assertFalse(output.contains("Macro Error") || output.contains("Cannot run dialog headlessly")
                || output.contains("HeadlessException"), "no error dialog: " + output);
        assertFalse(output.contains("pytorch index file"), output);
    }

    /** The test JVM's ImageJ, ij1-patcher and javassist, and this test's classes: what the Fiji launcher provides. */
    private static String imageJClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        for (String entry : path.split(File.pathSeparator)) {
            String name = new File(entry).getName();
            if (name.equals("test-classes") || name.matches("(ij|ij1-patcher|javassist)-.*\\.jar")) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    /** Fiji.app as NiT's package lays it out (plugins/, jars/), but without jars/<platform>/ and its natives. */
    private List<String> fijiWithoutNatives() throws IOException {
        Path app = dir.resolve("Fiji.app");
        Path plugins = Files.createDirectories(app.resolve("plugins"));
        Path jars = Files.createDirectories(app.resolve("jars"));
        List<String> classPath = new ArrayList<>();
        try (DirectoryStream<Path> built = Files.newDirectoryStream(TARGET, "NiT_Fiji-*.jar")) {
            for (Path jar : built) {
                classPath.add(Files.copy(jar, plugins.resolve(jar.getFileName())).toString());
            }
        }
        // Fiji's own jars (SciJava, JNA, Gson...) and NiT's libraries: target/lib holds both, and what only the
        // command line uses (pom.xml's list), the natives this test leaves out, and ImageJ, which the launcher
        // class path above already has
        try (DirectoryStream<Path> libs = Files.newDirectoryStream(TARGET.resolve("lib"), "*.jar")) {
            for (Path jar : libs) {
                String name = jar.getFileName().toString();
                if (!FijiShips.isOneOf(name, FijiShips.cliOnly())
                        && !FijiShips.isOneOf(name, List.of("pytorch-native-cpu", "ij"))) {
                    classPath.add(Files.copy(jar, jars.resolve(name)).toString());
                }
            }
        }
        return classPath;
    }
}
