package io.github.nitfiji.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} on the bundled smoke-test model, in process: a whole fine-tune, and every kind of bad
 * input refused with a message that names it, leaving nothing half-written.
 */
class TrainCommandTest {
    @TempDir
    Path dir;

    /** Exit code, stdout, stderr. */
    static final class Result {
        final int code;
        final String out;
        final String err;

        Result(int code, String out, String err) {
            this.code = code;
            this.out = out;
            this.err = err;
        }

        @Override
        public String toString() {
            return "exit " + code + "\n" + out + "\n" + err;
        }
    }

    static Result train(Path dir, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--models-dir", dir.resolve("models").toString()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A class folder of {@code count} small PNGs of w x h. */
    static void images(Path classDir, int count, int w, int h, int rgb) throws Exception {
        io.github.nitfiji.train.TrainingImages.write(classDir, count, w, h, rgb);
    }

    private String[] run(Path data, String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--base", "smoke-test", "--name", name,
                "--run", dir.resolve(name + ".train").toString(), "--steps", "4", "--rank", "2",
                "--checkpoint-every", "2"));
        if (!List.of(extra).contains("--token-budget")) {
            args.addAll(List.of("--token-budget", "16"));
        }
        args.addAll(List.of(extra));
        return args.toArray(new String[0]);
    }

    private Path twoClasses() throws Exception {
        Path data = dir.resolve("data");
        images(data.resolve("mitosis"), 3, 64, 64, 0x3050a0);
        images(data.resolve("goldfish"), 2, 96, 64, 0xe0a020);
        return data;
    }

    @Test
    void aWholeFineTuneSkipsACorruptImageWarnsOfAnImageNetNameAndInstallsTheModel() throws Exception {
        Path data = twoClasses();
        Files.write(data.resolve("mitosis").resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Result r = train(dir, run(data, "my-cells", "--preview-every", "2"));
        assertEquals(0, r.code, r.toString());
        assertTrue(r.err.contains("skipped") && r.err.contains("broken.png"), r.err);
        assertTrue(r.err.contains("class 'goldfish' has the name of ImageNet class 1"), r.err);
        assertTrue(r.out.contains("1001 = goldfish, 1002 = mitosis"), r.out);
        assertTrue(Files.isRegularFile(dir.resolve("models/my-cells.json")));
        assertTrue(Files.isRegularFile(dir.resolve("models/my-cells/finetune.safetensors")));
        assertTrue(Files.isRegularFile(dir.resolve("my-cells.train/previews/step-0000004.png")));
        assertEquals(5, Files.readAllLines(dir.resolve("my-cells.train/loss.csv")).size());
        Result again = train(dir, run(data, "my-cells"));
        assertEquals(2, again.code, again.toString());
        assertTrue(again.err.contains("already a model"), again.err);
        Result export = train(dir, "export", "--model", "my-cells", "--out", dir.resolve("export").toString(),
                "--models-dir", dir.resolve("models").toString());
        assertEquals(0, export.code, export.toString());
        assertTrue(Files.isRegularFile(dir.resolve("export/model.safetensors")));
        // a fine-tune whose base is not installed names the base to install
        Path card = dir.resolve("models/my-cells.json");
        Files.writeString(card, Files.readString(card).replace("\"id\": \"smoke-test\"", "\"id\": \"nit-xl-1000k\""));
        Result noBase = train(dir, "export", "--model", "my-cells", "--out", dir.resolve("export2").toString(),
                "--models-dir", dir.resolve("models").toString());
        assertNotEquals(0, noBase.code, noBase.toString());
        assertTrue(noBase.err.contains("needs its base model 'nit-xl-1000k'"), noBase.err);
        assertFalse(Files.exists(dir.resolve("export2/model.safetensors")));
    }

    @Test
    void badDatasetsAreRefusedNamingTheProblem() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRefused(train(dir, run(empty, "a")), "has no class folders");
        Path noImages = dir.resolve("no-images");
        images(noImages.resolve("cells"), 2, 64, 64, 0x102030);
        Files.createDirectories(noImages.resolve("nuclei"));
        assertRefused(train(dir, run(noImages, "b")), "class folder(s) nuclei");
        Path tiny = dir.resolve("tiny");
        images(tiny.resolve("cells"), 2, 64, 64, 0x102030);
        images(tiny.resolve("dots"), 2, 16, 40, 0x102030);
        Result small = train(dir, run(tiny, "c"));
        assertRefused(small, "class 'dots' has no usable image");
        assertTrue(small.err.contains("16 x 40 px, below the smallest side of 32 px"), small.err);
        assertNothingInstalled();
    }

    @Test
    void badBasesNamesAndBudgetsAreRefusedBeforeAnyWork() throws Exception {
        Path data = twoClasses();
        Result notNit = train(dir, "--data", data.toString(), "--base", "smoke-test-dcae", "--name", "x");
        assertRefused(notNit, "not a NiT");
        Result missing = train(dir, "--data", data.toString(), "--base", "nit-xl-1000k", "--name", "x");
        assertEquals(1, missing.code, missing.toString());
        assertTrue(missing.err.contains("nit-xl-1000k"), missing.err);
        assertRefused(train(dir, "--data", data.toString(), "--base", "nope", "--name", "x"), "not a model");
        assertRefused(train(dir, run(data, "smoke-test")), "already a model");
        assertRefused(train(dir, run(data, "Bad Name")), "lower-case");
        Result budget = train(dir, run(data, "d", "--token-budget", "4"));
        assertRefused(budget, "above the token budget of 4; raise --token-budget to at least 6 or lower --max-size to 64");
        Result memory = train(dir, run(data, "e", "--token-budget", "0", "--memory-budget", "0.001", "--full"));
        assertRefused(memory, "the memory budget of 0.0 GB is too small");
        Result precision = train(dir, run(data, "f", "--precision", "fp16"));
        assertRefused(precision, "fp32 only");
        assertNothingInstalled();
    }

    private static void assertRefused(Result r, String message) {
        assertNotEquals(0, r.code, r.toString());
        assertTrue(r.err.contains(message), "expected '" + message + "' in: " + r.err);
        assertFalse(r.err.contains("Exception"), "a message for people, not a stack trace: " + r.err);
    }

    private void assertNothingInstalled() throws Exception {
        Path models = dir.resolve("models");
        if (Files.isDirectory(models)) {
            try (Stream<Path> files = Files.list(models)) {
                assertEquals(List.of(), files.map(Path::toString).collect(java.util.stream.Collectors.toList()));
            }
        }
    }
}
