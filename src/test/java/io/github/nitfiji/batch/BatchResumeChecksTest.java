package io.github.nitfiji.batch;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, items 4, 7 and 10: resume and merge trust a row only when it is the task's row made
 * with the settings the job asks now and its own file still holds the recorded image; one torn
 * manifest line costs only that line.
 */
@Timeout(60)
class BatchResumeChecksTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final BatchRun.Listener listener = new BatchRun.Listener() {
        @Override
        public void started(int tasks, int alreadyDone) {
        }

        @Override
        public void finished(BatchTask task, ManifestRow row, int doneSoFar, int tasks) {
        }

        @Override
        public void warning(String message) {
            warnings.add(message);
        }
    };

    private BatchPlan plan(String json, PatternRunner runner) throws Exception {
        Path job = dir.resolve("job.json");
        Files.write(job, json.getBytes(StandardCharsets.UTF_8));
        return BatchPlan.of(JobFile.read(job, runner.requestKeys()), runner);
    }

    @Test
    void changedSettingsInTheJobFileAreMadeAgainNotCountedDone() throws Exception {
        PatternRunner runner = new PatternRunner();
        Path out = dir.resolve("out");
        BatchRun.run(plan("{\"requests\": [{\"class\": 207, \"steps\": 1, \"seeds\": \"0-1\"}]}", runner), Shard.ALL,
                out, runner, listener);
        byte[] before = Files.readAllBytes(out.resolve("images/r1-0.png"));
        BatchPlan changed = plan("{\"requests\": [{\"class\": 88, \"steps\": 3, \"seeds\": \"0-1\"}]}", runner);
        BatchRun.Summary again = BatchRun.run(changed, Shard.ALL, out, runner, listener);
        assertEquals(0, again.skipped, "nothing made with class 207 counts as done for class 88");
        assertEquals(2, again.generated);
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("2 image(s) made with other settings")
                && w.contains("steps=1") && w.contains("steps=3")), warnings.toString());
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(out.resolve("images/r1-0.png"))));
        BatchMerge.Result merged = BatchMerge.merge(changed, out);
        assertTrue(merged.missing.isEmpty());
        assertTrue(Manifest.read(merged.manifest).stream().allMatch(r -> r.get("settings").contains("prompt=88")));
    }

    @Test
    void mergeListsDamagedRowsAndFilesAsNotDone() throws Exception {
        PatternRunner runner = new PatternRunner();
        BatchPlan plan = plan("{\"requests\": [{\"class\": 207, \"seeds\": \"0-5\"}]}", runner);
        Path out = dir.resolve("out");
        BatchRun.run(plan, Shard.ALL, out, runner, listener);
        assertTrue(BatchMerge.merge(plan, out).missing.isEmpty());
        Path manifest = BatchRun.manifestFile(out, Shard.ALL);
        List<ManifestRow> rows = Manifest.read(manifest);

        // 1. one pixel altered in a valid PNG
        Path image = out.resolve("images/r1-0.png");
        BufferedImage pixels = ImageIO.read(image.toFile());
        pixels.setRGB(3, 3, pixels.getRGB(3, 3) ^ 0x010101);
        ImageIO.write(pixels, "png", image.toFile());
        // 2. a row's pixel hash changed
        rows.set(1, with(rows.get(1), "pixels_sha256", "0".repeat(64)));
        rows.set(1, with(rows.get(1), "file_sha256", "1".repeat(64)));
        // 3. a row's file pointing out of the output folder
        rows.set(2, with(rows.get(2), "file", "../../../../../etc/passwd"));
        // 4. an index duplicated
        rows.set(3, with(rows.get(3), "index", rows.get(4).get("index")));
        Manifest.write(manifest, rows);

        BatchMerge.Result merged = BatchMerge.merge(plan, out);
        assertEquals(List.of("r1-0", "r1-1", "r1-2", "r1-3"), merged.missing);
        assertEquals(2, merged.rows);
        assertTrue(merged.problems.get("r1-0").contains("pixels"), merged.problems.toString());
        assertTrue(merged.problems.get("r1-2").contains("../../../../../etc/passwd"), merged.problems.toString());
        assertTrue(merged.problems.get("r1-3").contains("index"), merged.problems.toString());
        assertEquals(2, Manifest.read(merged.manifest).size(), "the merged manifest certifies only what passed");
    }

    @Test
    void oneTornLineInTheMiddleCostsOnlyThatLine() throws Exception {
        PatternRunner runner = new PatternRunner();
        BatchPlan plan = plan("{\"requests\": [{\"class\": 207, \"width\": 32, \"height\": 32, \"seeds\": \"0-199\"}]}",
                runner);
        Path out = dir.resolve("out");
        BatchRun.run(plan, Shard.ALL, out, runner, listener);
        Path manifest = BatchRun.manifestFile(out, Shard.ALL);
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        String victim = lines.get(11);
        // cut short inside a quoted field, as a kill leaves a row whose prompt holds a comma
        lines.set(11, victim.substring(0, victim.indexOf(',', 10) + 1) + "\"prompt=red fox, runn");
        Files.write(manifest, lines, StandardCharsets.UTF_8);
        int before = runner.calls.size();
        BatchRun.Summary again = BatchRun.run(plan, Shard.ALL, out, runner, listener);
        assertEquals(1, again.generated, "only the torn row's task");
        assertEquals(199, again.skipped);
        assertEquals(List.of("r1-10"), runner.calls.subList(before, runner.calls.size()));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("line 12") && w.contains("skipped")), warnings.toString());
    }

    @Test
    void aFileWhoseBytesAreThoseRecordedIsTrustedWithoutDecoding() throws Exception {
        PatternRunner runner = new PatternRunner();
        BatchPlan plan = plan("{\"requests\": [{\"class\": 207, \"seeds\": \"0-1\"}]}", runner);
        Path out = dir.resolve("out");
        BatchRun.run(plan, Shard.ALL, out, runner, listener);
        // the bytes and their recorded hash agree, and these bytes are no PNG at all: a resume that
        // decoded would find no pixels and make the image again
        Path image = out.resolve("images/r1-1.png");
        byte[] notAPng = "resume must not decode files it can trust by their bytes".getBytes(StandardCharsets.UTF_8);
        Files.write(image, notAPng);
        Path manifest = BatchRun.manifestFile(out, Shard.ALL);
        List<ManifestRow> rows = Manifest.read(manifest);
        rows.set(1, with(with(rows.get(1), "file_bytes", Integer.toString(notAPng.length)), "file_sha256",
                io.github.nitfiji.catalog.Sha256.of(image, null)));
        Manifest.write(manifest, rows);
        assertEquals(0, BatchRun.run(plan, Shard.ALL, out, runner, listener).generated);
    }

    @Test
    void rowsOfAManifestWithoutFileHashesAreCheckedByTheirPixels() throws Exception {
        PatternRunner runner = new PatternRunner();
        BatchPlan plan = plan("{\"requests\": [{\"class\": 207, \"seeds\": \"0-2\"}]}", runner);
        Path out = dir.resolve("out");
        BatchRun.run(plan, Shard.ALL, out, runner, listener);
        Path manifest = BatchRun.manifestFile(out, Shard.ALL);
        // an older manifest: the first fifteen columns only
        List<String> lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
        List<String> old = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            old.add(String.join(",", java.util.Arrays.copyOf(fields, fields.length - 2)));
        }
        Files.write(manifest, old, StandardCharsets.UTF_8);
        assertEquals(0, BatchRun.run(plan, Shard.ALL, out, runner, listener).generated);
        assertEquals(ManifestRow.COLUMNS.size(), Files.readAllLines(manifest).get(0).split(",").length);
    }

    private static ManifestRow with(ManifestRow row, String column, String value) {
        String[] values = row.toArray();
        values[ManifestRow.COLUMNS.indexOf(column)] = value;
        return ManifestRow.fromArray(values);
    }
}
