package io.github.nitfiji.train;

import static org.junit.jupiter.api.Assertions.*;

import io.github.nitfiji.model.dcae.DcAeEncoder;
import io.github.nitfiji.model.nit.NitTransformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs that survive: resume gives the same weights as an uninterrupted run; cancel leaves a loadable checkpoint. */
class TrainingRunTest {
    @TempDir
    static Path dir;
    private static DcAeEncoder encoder;
    private static Dataset dataset;
    private static LatentCache cache;
    private static LatentCache.Report report;

    @BeforeAll
    static void encode() throws Exception {
        encoder = TinyTraining.encoder();
        dataset = Dataset.open(TinyTraining.dataset(dir.resolve("data"), 3));
        cache = new LatentCache(dir.resolve("cache"));
        report = cache.encode(dataset, new TrainingImageFiles(), TinyTraining.encoding(encoder), new NativeResolution(32, 512),
                true, 1, 1, EncodeProgress.NONE, () -> false);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    private static TrainingRun.Outcome train(Path runDir, int steps, boolean resume) throws Exception {
        try (NitTransformer nit = TinyTraining.nit()) {
            return TrainingRun.run(TinyTraining.setup(nit, dataset, cache, report, runDir), TinyTraining.settings(steps),
                    resume, TrainingListener.NONE, () -> false);
        }
    }

    @Test
    void resumingGivesTheSameWeightsAsAnUninterruptedRun() throws Exception {
        TrainingRun.Outcome straight = train(dir.resolve("straight"), 8, false);
        train(dir.resolve("interrupted"), 3, false);
        TrainingRun.Outcome resumed = train(dir.resolve("interrupted"), 8, true);
        assertEquals(8, resumed.steps);
        try (io.github.nitfiji.io.SafetensorsFile a = io.github.nitfiji.io.SafetensorsFile.open(straight.weights);
             io.github.nitfiji.io.SafetensorsFile b = io.github.nitfiji.io.SafetensorsFile.open(resumed.weights)) {
            assertEquals(a.tensors().keySet(), b.tensors().keySet());
            for (String name : a.tensors().keySet()) {
                assertArrayEquals(a.readFloats(name), b.readFloats(name), "EMA of " + name);
            }
        }
        TrainingCheckpoint a = TrainingCheckpoint.read(dir.resolve("straight").resolve(TrainingCheckpoint.FILE));
        TrainingCheckpoint b = TrainingCheckpoint.read(dir.resolve("interrupted").resolve(TrainingCheckpoint.FILE));
        for (String name : a.weights.keySet()) {
            assertArrayEquals(a.weights.get(name), b.weights.get(name), name);
        }
        assertEquals(8 + 1, Files.readAllLines(dir.resolve("interrupted").resolve(LossCsv.FILE)).size(),
                "one loss line per step after the header");
    }

    @Test
    void cancelWritesALoadableCheckpointAndResumeFinishesTheRun() throws Exception {
        Path runDir = dir.resolve("cancelled");
        AtomicInteger polls = new AtomicInteger();
        try (NitTransformer nit = TinyTraining.nit()) {
            CancellationException e = assertThrows(CancellationException.class, () -> TrainingRun.run(
                    TinyTraining.setup(nit, dataset, cache, report, runDir), TinyTraining.settings(50), false,
                    TrainingListener.NONE, () -> polls.incrementAndGet() > 4));
            assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        }
        TrainingCheckpoint c = TrainingCheckpoint.read(runDir.resolve(TrainingCheckpoint.FILE));
        assertEquals(4, c.step);
        assertTrue(train(runDir, 6, true).steps == 6);
    }

    @Test
    void aSecondRunIntoTheSameFolderWithoutResumeIsRefusedAndChangesNothing() throws Exception {
        Path runDir = dir.resolve("once");
        train(runDir, 2, false);
        byte[] before = Files.readAllBytes(runDir.resolve(TrainingCheckpoint.FILE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> train(runDir, 2, false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(runDir.resolve(TrainingCheckpoint.FILE)));
    }
}
