package io.github.nitfiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering, checked on the compiled classes (every class a class file names, in code,
 * fields and signatures) against what each package's {@code package-info.java} states: every
 * package has one, with a "May import:" rule; no package reaches one its rule does not name (the
 * shared trunk is open to all); the packages form no cycle, so every arrow points down a layer.
 * The picture in {@code docs/package-layers.md} is made from these arrows, and checked to be current.
 */
class PackageGraphTest {
    private static final String ROOT = "io/github/nitfiji/";
    private static final Path SOURCES = Paths.get("src", "main", "java", "io", "github", "nitfiji");
    private static final Path CLASSES = Paths.get("target", "classes", "io", "github", "nitfiji");
    private static final Path PICTURE = Paths.get("docs", "package-layers.md");
    private static final Pattern RULE = Pattern.compile("May import: (.*?)\\.(?:\\s|$)");
    private static final String TRUNK = "(trunk)";
    /** An ImageJ class, as a class file names it: {@code ij/ImagePlus} or in a descriptor {@code (Lij/ImagePlus;)V}. */
    private static final Pattern IMAGEJ = Pattern.compile("(?:^|[^\\w$/])L?ij/\\w");

    @Test
    void everyPackageStatesItsRuleAndKeepsIt() throws IOException {
        Map<String, Set<String>> rules = rules();
        Map<String, Set<String>> arrows = arrows();
        assertTrue(arrows.size() > 20, "packages found: " + arrows.keySet());
        List<String> broken = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : arrows.entrySet()) {
            Set<String> allowed = rules.get(e.getKey());
            if (allowed == null) {
                broken.add(e.getKey() + " has no package-info.java with a 'May import:' rule");
                continue;
            }
            for (String to : e.getValue()) {
                if (!to.equals(TRUNK) && !allows(allowed, to)) {
                    broken.add(e.getKey() + " -> " + to + " (its package-info allows " + allowed + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "package arrows against the package-info rules");
    }

    @Test
    void everyStatedRuleIsNeededAndNamesARealPackage() throws IOException {
        Map<String, Set<String>> rules = rules();
        Map<String, Set<String>> arrows = arrows();
        List<String> stale = new ArrayList<>();
        rules.forEach((from, allowed) -> {
            for (String rule : allowed) {
                boolean real = arrows.keySet().stream().anyMatch(p -> matches(rule, p));
                boolean used = arrows.getOrDefault(from, Set.of()).stream().anyMatch(p -> matches(rule, p));
                if (!real || !used) {
                    stale.add(from + " may import " + rule + (real ? ", but does not" : ", which is no package"));
                }
            }
        });
        assertEquals(List.of(), stale, "every package-info is true: no rule allows what is not there");
    }

    @Test
    void thePackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> arrows = arrows();
        Map<String, Integer> layers = layers(arrows);
        List<String> upward = new ArrayList<>();
        arrows.forEach((from, tos) -> tos.stream().filter(to -> !to.equals(TRUNK))
                .filter(to -> layers.get(to) >= layers.get(from)).forEach(to -> upward.add(from + " -> " + to)));
        assertEquals(List.of(), upward, "arrows that do not point down a layer");
    }

    @Test
    void thePictureInTheDocsIsTheCodes() throws IOException {
        String picture = picture(arrows());
        if (Boolean.getBoolean("nit.writePackageLayers")) {
            Files.write(PICTURE, picture.getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(picture, Files.exists(PICTURE) ? Files.readString(PICTURE, StandardCharsets.UTF_8) : "",
                PICTURE + " is out of date: run mvn test -Dtest=PackageGraphTest -Dnit.writePackageLayers=true");
    }

    @Test
    void theCheckSeesAnArrowWhereOneExists() throws IOException {
        Set<String> names = namesIn(CLASSES.resolve("fiji/scijava/NitGenerateCommand.class"));
        assertTrue(names.stream().anyMatch(n -> n.contains(ROOT + "fiji/GenerateJob")), names.toString());
        assertTrue(arrows().get("fiji.scijava").contains("fiji"));
    }

    /**
     * ImageJ is there only in Fiji (issue 23 item 5): the command line and the Spark job run
     * without {@code ij.jar}, so no class outside {@code fiji} and {@code fiji.*} may name one of
     * ImageJ's, in code, fields or signatures.
     */
    @Test
    void onlyFijiNamesImageJ() throws IOException {
        List<String> outside = new ArrayList<>();
        int inFiji = 0;
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                String pkg = name(CLASSES.relativize(file.getParent()).toString());
                boolean fiji = pkg.equals("fiji") || pkg.startsWith("fiji.");
                List<String> named = namesIn(file).stream().filter(n -> IMAGEJ.matcher(n).find())
                        .collect(Collectors.toList());
                if (fiji) {
                    inFiji += named.size();
                } else if (!named.isEmpty()) {
                    outside.add(CLASSES.relativize(file) + " names " + named);
                }
            }
        }
        assertTrue(inFiji > 10, "the check sees ImageJ where it is (fiji.ij): " + inFiji);
        assertEquals(List.of(), outside, "ImageJ outside fiji: the command line would need ij.jar");
    }

    private static boolean allows(Set<String> allowed, String to) {
        return allowed.stream().anyMatch(rule -> matches(rule, to));
    }

    private static boolean matches(String rule, String pkg) {
        return rule.endsWith(".*") ? pkg.equals(rule.substring(0, rule.length() - 2))
                || pkg.startsWith(rule.substring(0, rule.length() - 1)) : pkg.equals(rule);
    }

    /** Each package's "May import:" rule from its package-info ("nothing" is the empty set). */
    static Map<String, Set<String>> rules() throws IOException {
        Map<String, Set<String>> rules = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path info : files.filter(p -> p.getFileName().toString().equals("package-info.java"))
                    .collect(Collectors.toList())) {
                String pkg = name(SOURCES.relativize(info.getParent()).toString());
                Matcher m = RULE.matcher(Files.readString(info, StandardCharsets.UTF_8).replaceAll("\\n\\s*\\*/?\\s?", " "));
                assertTrue(m.find(), info + " states no 'May import:' rule");
                Set<String> allowed = new TreeSet<>();
                for (String part : m.group(1).split(",")) {
                    if (!part.isBlank() && !part.trim().equals("nothing")) {
                        allowed.add(part.trim());
                    }
                }
                rules.put(pkg, allowed);
            }
        }
        return rules;
    }

    /** Package to the packages its classes name (every package with classes, even with no arrow). */
    static Map<String, Set<String>> arrows() throws IOException {
        Map<String, Set<String>> arrows = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList())) {
                String from = name(CLASSES.relativize(file.getParent()).toString());
                Set<String> to = arrows.computeIfAbsent(from, k -> new TreeSet<>());
                for (String named : namesIn(file)) {
                    int at = named.indexOf(ROOT);
                    while (at >= 0) {
                        Matcher m = Pattern.compile("[\\w/$]+").matcher(named.substring(at + ROOT.length()));
                        if (m.lookingAt()) {
                            String path = m.group();
                            int slash = path.lastIndexOf('/');
                            String pkg = slash < 0 ? TRUNK : path.substring(0, slash).replace('/', '.');
                            if (!pkg.equals(from)) {
                                to.add(pkg);
                            }
                        }
                        at = named.indexOf(ROOT, at + 1);
                    }
                }
            }
        }
        return arrows;
    }

    private static String name(String relative) {
        return relative.isEmpty() ? TRUNK : relative.replace('\\', '/').replace('/', '.');
    }

    /** The layer of every package: 0 for one that imports none, else one above the highest it imports. */
    static Map<String, Integer> layers(Map<String, Set<String>> arrows) {
        Map<String, Integer> layers = new TreeMap<>();
        layers.put(TRUNK, 0);
        for (String pkg : arrows.keySet()) {
            layer(pkg, arrows, layers, new TreeSet<>());
        }
        return layers;
    }

    private static int layer(String pkg, Map<String, Set<String>> arrows, Map<String, Integer> layers, Set<String> path) {
        Integer known = layers.get(pkg);
        if (known != null) {
            return known;
        }
        if (!path.add(pkg)) {
            fail("a cycle through " + path);
        }
        int layer = 0;
        for (String to : arrows.getOrDefault(pkg, Set.of())) {
            layer = Math.max(layer, layer(to, arrows, layers, path) + 1);
        }
        path.remove(pkg);
        layers.put(pkg, layer);
        return layer;
    }

    /** The layers as a table and the arrows as a Mermaid flowchart (GitHub draws it). */
    static String picture(Map<String, Set<String>> arrows) {
        Map<String, Integer> layers = layers(arrows);
        Map<Integer, Set<String>> byLayer = new TreeMap<>((a, b) -> b - a);
        layers.forEach((pkg, layer) -> byLayer.computeIfAbsent(layer, k -> new TreeSet<>()).add(pkg));
        StringBuilder b = new StringBuilder("# Package layers\n\nGenerated from the compiled classes by `PackageGraphTest`"
                + " (`mvn test -Dtest=PackageGraphTest -Dnit.writePackageLayers=true` rewrites it; the test fails when"
                + " it is out of date). Every arrow points down: a package imports only packages of lower layers, as"
                + " its `package-info.java` states (the trunk, `io.github.nitfiji` itself, is open to all and not"
                + " drawn).\n\n| layer | packages |\n|---|---|\n");
        byLayer.forEach((layer, pkgs) -> b.append("| ").append(layer).append(" | ")
                .append(pkgs.stream().map(p -> "`" + p + "`").collect(Collectors.joining(", "))).append(" |\n"));
        b.append("\n```mermaid\nflowchart TD\n");
        arrows.forEach((from, tos) -> {
            for (String to : tos) {
                if (!to.equals(TRUNK)) {
                    b.append("    ").append(id(from)).append("[").append(from).append("] --> ").append(id(to))
                            .append("[").append(to).append("]\n");
                }
            }
        });
        return b.append("```\n").toString();
    }

    private static String id(String pkg) {
        return pkg.replace('.', '_').replace("(", "").replace(")", "");
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
