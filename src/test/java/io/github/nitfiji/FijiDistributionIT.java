package io.github.nitfiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three per-platform Fiji distributions built by {@code mvn package}: exactly the plugin, the
 * libraries Fiji lacks, and that platform's CPU natives in the folder Fiji's launcher uses for it.
 */
class FijiDistributionIT {
    @ParameterizedTest
    @CsvSource({"linux-x86_64, linux64, linux-x86_64", "macos-arm64, macos-arm64, osx-aarch64",
        "windows-x86_64, win64, win-x86_64"})
    void eachZipHoldsExactlyThePluginItsLibrariesAndOnePlatformsNatives(String platform, String folder, String classifier)
            throws IOException {
        Path zip = onlyZipFor(platform);
        TreeSet<String> files = new TreeSet<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                if (!e.isDirectory()) {
                    files.add(e.getName());
                }
            }
            String pluginJar = files.stream().filter(f -> f.startsWith("plugins/")).findFirst().orElseThrow();
            String nativeJar = "jars/" + folder + "/pytorch-native-cpu-2.7.1-" + classifier + ".jar";
            // DJL and its PyTorch engine, Gemma's tokenizer (DJL's binding, natives for every platform
            // inside) and the CSV library of batch manifests; nothing Fiji already ships
            assertEquals(new TreeSet<>(List.of(pluginJar, "jars/api-0.36.0.jar", "jars/pytorch-engine-0.36.0.jar",
                    "jars/pytorch-jni-2.7.1-0.36.0.jar", "jars/tokenizers-0.36.0.jar", "jars/commons-csv-1.10.0.jar",
                    nativeJar)), files, zip.toString());
            assertTrue(pluginJar.matches("plugins/NiT_Fiji-[^/]+\\.jar"), pluginJar);
            assertTrue(entryNames(z, pluginJar).contains("plugins.config"), "Fiji finds the menu commands");
            Properties natives = new Properties();
            try (ZipInputStream in = new ZipInputStream(z.getInputStream(z.getEntry(nativeJar)))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (e.getName().equals("native/lib/pytorch.properties")) {
                        natives.load(in);
                    }
                }
            }
            assertEquals(classifier, natives.getProperty("classifier"), "the jar really holds " + classifier + " natives");
            assertEquals("cpu", natives.getProperty("flavor"));
        }
        // what Fiji ships (a second copy would clash) and what only the command line uses, as pom.xml lists them
        assertTrue(FijiShips.fijiShips().containsAll(List.of("ij", "scijava-common", "jna", "gson", "slf4j-api")),
                "pom.xml's fiji.ships: " + FijiShips.fijiShips());
        for (String f : files) {
            String name = f.substring(f.lastIndexOf('/') + 1);
            assertFalse(FijiShips.isOneOf(name, FijiShips.fijiShips()), f + " is already in every Fiji");
            assertFalse(FijiShips.isOneOf(name, FijiShips.cliOnly()), f + " is only for the command line");
        }
    }

    private static Path onlyZipFor(String platform) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var s = Files.list(Paths.get("target", "dist"))) {
            s.filter(p -> p.getFileName().toString().endsWith("-" + platform + ".zip")).forEach(found::add);
        }
        assertEquals(1, found.size(), "one distribution for " + platform + ": " + found);
        return found.get(0);
    }

    private static List<String> entryNames(ZipFile outer, String jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream raw = outer.getInputStream(outer.getEntry(jar)); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
