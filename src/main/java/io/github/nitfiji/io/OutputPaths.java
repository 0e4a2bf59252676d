package io.github.nitfiji.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks where results will go before any work is done, so a long run never ends in "cannot
 * write" and never replaces its own inputs: every output's folder must exist and accept new
 * files, no output may be a folder, a FIFO or a device, none may be one of the inputs (weights,
 * configs, noise files) and no two outputs may be the same file. Nothing is created or changed
 * except a probe file that is deleted at once.
 */
public final class OutputPaths {
    /** A file and what named it, e.g. ("--out", x.png) or ("model weights", ...), for messages. */
    public static final class Named {
        final String name;
        final Path path;

        public Named(String name, Path path) {
            this.name = name;
            this.path = path;
        }

        @Override
        public String toString() {
            return name + " " + path;
        }
    }

    /** Can new files be created in a folder? Returns null if so, else the reason. */
    @FunctionalInterface
    public interface FolderProbe {
        String cannotWrite(Path folder);
    }

    /** Creates and deletes a hidden file: the only test that also catches /proc, read-only mounts and ACLs. */
    public static final FolderProbe PROBE = folder -> {
        try {
            Path probe = Files.createTempFile(folder, ".nit-write-test", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException | SecurityException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (e instanceof java.nio.file.FileSystemException) {
                String r = ((java.nio.file.FileSystemException) e).getReason();
                reason = r != null ? r : reason;
            }
            return reason;
        }
    };

    private OutputPaths() {
    }

    /**
     * Every problem with {@code outputs}, one message each naming the output and the reason;
     * empty when all can be written.
     */
    public static List<String> problems(List<Named> outputs, List<Named> inputs, FolderProbe probe) {
        List<String> problems = new ArrayList<>();
        Map<Path, String> probed = new LinkedHashMap<>();
        Map<Path, Named> seen = new LinkedHashMap<>();
        for (Named out : outputs) {
            Path p = out.path.toAbsolutePath().normalize();
            Path dir = p.getParent();
            if (dir == null || !Files.isDirectory(dir)) {
                problems.add(out + ": folder " + dir + " does not exist");
                continue;
            }
            String folderProblem = probed.computeIfAbsent(dir, d -> {
                String why = probe.cannotWrite(d);
                return why == null ? "" : why;
            });
            if (!folderProblem.isEmpty()) {
                problems.add(out + ": folder " + dir + " does not accept new files (" + folderProblem + ")");
                continue;
            }
            String kind = nonFileKind(p);
            if (kind != null) {
                problems.add(out + " is " + kind + "; give a file name");
                continue;
            }
            for (Named in : inputs) {
                if (in.path != null && same(p, in.path)) {
                    problems.add(out + " is the " + in.name + " this run reads; writing it would destroy the input."
                            + " Choose another name");
                }
            }
            Named earlier = seen.get(p);
            if (earlier != null) {
                problems.add(out + " is the same file as " + earlier + "; one would replace the other");
            } else {
                seen.put(p, out);
            }
        }
        return problems;
    }

    private static String nonFileKind(Path p) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            return null; // does not exist yet: the usual case
        }
        if (a.isDirectory()) {
            return "a folder";
        }
        return a.isOther() ? "a FIFO or device, not a file" : null;
    }

    private static boolean same(Path output, Path input) {
        Path in = input.toAbsolutePath().normalize();
        if (in.equals(output)) {
            return true;
        }
        try {
            // links: two names, one file
            return Files.exists(output, LinkOption.NOFOLLOW_LINKS) && Files.exists(in) && Files.isSameFile(output, in);
        } catch (IOException e) {
            return false;
        }
    }
}
