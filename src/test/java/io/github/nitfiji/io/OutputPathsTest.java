package io.github.nitfiji.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, items 3 and 11: outputs are checked before any work, against the folder, the inputs and each other. */
class OutputPathsTest {
    @TempDir
    Path dir;

    private static OutputPaths.Named named(String name, Path p) {
        return new OutputPaths.Named(name, p);
    }

    private List<String> problems(List<OutputPaths.Named> outputs, List<OutputPaths.Named> inputs) {
        return OutputPaths.problems(outputs, inputs, OutputPaths.PROBE);
    }

    @Test
    void ordinaryOutputsPass() throws Exception {
        Files.writeString(dir.resolve("old.png"), "replaced, as asked");
        assertEquals(List.of(), problems(List.of(named("--out", dir.resolve("old.png")),
                named("--save-latent", dir.resolve("x.safetensors"))), List.of(named("--nit-weights", dir.resolve("w")))));
    }

    @Test
    void anOutputIsNeverAnInput() throws Exception {
        Path weights = Files.writeString(dir.resolve("nit.safetensors"), "weights");
        List<String> p = problems(List.of(named("--save-latent", dir.resolve("./nit.safetensors"))),
                List.of(named("--nit-weights", weights)));
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("is the --nit-weights this run reads"), p.get(0));
        Path link = dir.resolve("link.safetensors");
        try {
            Files.createSymbolicLink(link, weights);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            return;
        }
        assertEquals(1, problems(List.of(named("--save-latent", link)), List.of(named("--nit-weights", weights))).size(),
                "a link to an input is the input");
    }

    @Test
    void outputsAreNotEachOther() {
        Path same = dir.resolve("x.tif");
        List<String> p = problems(List.of(named("--out", same), named("--save-latent", same)), List.of());
        assertEquals(1, p.size(), p.toString());
        assertTrue(p.get(0).contains("same file as --out"), p.get(0));
    }

    @Test
    void foldersThatCannotHoldFilesAreRefusedWithTheReason() throws Exception {
        List<String> missing = problems(List.of(named("--out", dir.resolve("no/such/x.png"))), List.of());
        assertTrue(missing.get(0).contains("does not exist"), missing.toString());
        List<String> folder = problems(List.of(named("--out", dir)), List.of());
        assertTrue(folder.get(0).contains("is a folder"), folder.toString());
        assumeTrue(Files.isDirectory(Paths.get("/proc/self")), "Linux /proc");
        List<String> proc = problems(List.of(named("--out", Paths.get("/proc/x.png"))), List.of());
        assertEquals(1, proc.size(), proc.toString());
        assertTrue(proc.get(0).contains("folder /proc does not accept new files ("), proc.get(0));
    }

    @Test
    void theProbeIsUsedOncePerFolderAndItsReasonShown() {
        int[] calls = {0};
        List<String> p = OutputPaths.problems(List.of(named("--out", dir.resolve("a.png")), named("--out", dir.resolve("b.png"))),
                List.of(), folder -> {
                    calls[0]++;
                    return "read-only file system";
                });
        assertEquals(1, calls[0]);
        assertEquals(2, p.size());
        assertTrue(p.get(1).contains("(read-only file system)"), p.get(1));
    }
}
