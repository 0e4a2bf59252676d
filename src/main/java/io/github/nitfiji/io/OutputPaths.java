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
 * The one output-safety rule, for every path that writes (generated images and latents, batch
 * manifests, bench and selftest reports, engine records, fine-tuned weights): checked before any
 * work, so a long run never ends in "cannot write" and never replaces its own inputs. Every
 * output's folder must exist and accept new files, no output may be a folder, a FIFO or a device,
 * none may be one of the inputs (weights, configs, tokenizer, noise files, source image, mask,
 * job file; links count) and no two outputs may be the same file. Nothing is created or changed
 * except a probe file that is deleted at once. Every writer words a refusal the same way, through
 * {@link #require}.
 */
public final class OutputPaths {
    /** A file and what named it, e.g. ("--out", x.png) or ("model weights", ...), for messages. */
    public static final class Named {
        final String name;
        final Path path;

        /** @param path may be null for an input the run does not have (then it is ignored) */
        public Named(String name, Path path) {
            this.name = name;
            this.path = path;
        }

        public String name() {
            return name;
        }

        public Path path() {
            return path;
        }

        @Override
        public String toString() {
            return name + " " + UserText.shown(String.valueOf(path), 300);
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
            return e instanceof SecurityException ? "not allowed" : IoErrors.reason(e);
        }
    };

    /** Outputs that may not be written, one problem per line; a bad command line, not a failed run. */
    public static final class UnsafeOutputException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final List<String> problems;

        UnsafeOutputException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private OutputPaths() {
    }

    /**
     * Throws when {@link #problems} finds any.
     *
     * @param probe how to test that a folder accepts files ({@link #PROBE}); null when the caller
     *              creates the folders itself (a batch output folder): then only kinds, inputs and
     *              duplicates are checked
     */
    public static void require(List<Named> outputs, List<Named> inputs, FolderProbe probe) {
        List<String> problems = problems(outputs, inputs, probe);
        if (!problems.isEmpty()) {
            throw new UnsafeOutputException(problems);
        }
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
            if (probe != null && (dir == null || !Files.isDirectory(dir))) {
                problems.add(out + ": folder " + dir + " does not exist");
                continue;
            }
            String folderProblem = probe == null ? "" : probed.computeIfAbsent(dir, d -> {
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
