package io.github.nitfiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layering rules, checked on the compiled classes (every class a class file names, in code,
 * fields and signatures): the engine never reaches a front door, the shared Fiji job reaches
 * neither front door, and the command line and SciJava never reach the ImageJ 1 plugins.
 */
class PackageGraphTest {
    private static final String ROOT = "io/github/nitfiji/";
    private static final Set<String> FRONT_DOORS = Set.of("ij", "scijava", "cli", "fiji");
    private static final Map<String, Set<String>> FORBIDDEN = Map.ofEntries(
            Map.entry("io", FRONT_DOORS), Map.entry("model", FRONT_DOORS), Map.entry("sampling", FRONT_DOORS),
            Map.entry("pipeline", FRONT_DOORS), Map.entry("catalog", FRONT_DOORS), Map.entry("labels", FRONT_DOORS),
            Map.entry("train", FRONT_DOORS), Map.entry("family", FRONT_DOORS),
            Map.entry("fiji", Set.of("ij", "scijava", "cli")),
            Map.entry("cli", Set.of("ij", "scijava", "fiji")),
            Map.entry("scijava", Set.of("ij", "cli")),
            Map.entry("ij", Set.of("scijava", "cli")));

    @Test
    void noArrowFromTheEngineToAFrontDoorNorFromCliOrSciJavaToImageJ1() throws IOException {
        Path classes = Paths.get("target", "classes", ROOT);
        List<String> arrows = new ArrayList<>();
        int checked = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                String from = topPackage(classes.relativize(file).toString().replace('\\', '/'));
                Set<String> forbidden = FORBIDDEN.getOrDefault(from, Set.of());
                for (String name : namesIn(file)) {
                    int at = name.indexOf(ROOT);
                    while (at >= 0) {
                        String to = topPackage(name.substring(at + ROOT.length()));
                        if (forbidden.contains(to)) {
                            arrows.add(classes.relativize(file) + " -> " + to);
                        }
                        at = name.indexOf(ROOT, at + 1);
                    }
                }
                checked++;
            }
        }
        assertTrue(checked > 100, "compiled classes found: " + checked);
        assertEquals(List.of(), arrows, "forbidden package arrows");
    }

    @Test
    void theCheckSeesAnArrowWhereOneExists() throws IOException {
        Set<String> names = namesIn(Paths.get("target", "classes", ROOT, "scijava", "NitGenerateCommand.class"));
        assertTrue(names.stream().anyMatch(n -> n.contains(ROOT + "fiji/GenerateJob")), names.toString());
    }

    /** "pipeline" for "pipeline/bench/NitTiming.class"; "" for classes in the root package. */
    private static String topPackage(String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** Every UTF-8 constant of a class file: class names, descriptors and signatures among them. */
    private static Set<String> namesIn(Path classFile) throws IOException {
        Set<String> names = new TreeSet<>();
        try (InputStream raw = Files.newInputStream(classFile); DataInputStream in = new DataInputStream(raw)) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1: // Utf8
                        names.add(in.readUTF());
                        break;
                    case 7: case 8: case 16: case 19: case 20: // Class, String, MethodType, Module, Package
                        in.readUnsignedShort();
                        break;
                    case 15: // MethodHandle
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                        break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: // 4-byte entries
                        in.readInt();
                        break;
                    case 5: case 6: // Long, Double take two slots
                        in.readLong();
                        i++;
                        break;
                    default:
                        throw new IOException(classFile + ": unknown constant tag " + tag);
                }
            }
        }
        return names;
    }
}
