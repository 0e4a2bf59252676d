package io.github.nitfiji.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ij.ImagePlus;
import io.github.nitfiji.IsolatedModelsFolder;
import io.github.nitfiji.pipeline.PipelineCache;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job behind both front doors, on the smoke-test model: cancel, memory, turn-taking, output. */
class GenerateJobTest {
    static final String QUICK = "model=smoke-test device=cpu precision=fp32 preset=custom sampler=ode cfg=3 "
            + "guidance_low=0 guidance_high=0.7";
    static final PipelineCache.Key SMOKE = new PipelineCache.Key("smoke-test", Device.cpu(), DataType.FLOAT32);
    static final Pattern STEP = Pattern.compile("step (\\d+)/");
    private static IsolatedModelsFolder modelsFolder;

    @BeforeAll
    static void isolatedModelsFolder() throws Exception {
        modelsFolder = IsolatedModelsFolder.enter("nit-job-models");
    }

    @AfterAll
    static void restore() {
        PipelineCache.shared().free(m -> { }, () -> false);
        modelsFolder.leave();
    }

    /** Feedback that keeps the statuses and can run a hook on each. */
    static final class Recording implements JobFeedback {
        final List<String> statuses = new CopyOnWriteArrayList<>();
        final AtomicInteger lastStep = new AtomicInteger();
        volatile Consumer<String> hook = s -> { };

        @Override
        public void status(String message) {
            statuses.add(message);
            Matcher m = STEP.matcher(message);
            if (m.find()) {
                lastStep.set(Integer.parseInt(m.group(1)));
            }
            hook.accept(message);
        }

        @Override
        public void progress(double fraction) {
        }

        final List<String> notes = new CopyOnWriteArrayList<>();

        @Override
        public void note(String message) {
            notes.add(message);
        }
    }

    static GenerateJob.Outcome generate(String options, JobFeedback feedback) throws Exception {
        return new GenerateJob(GenerateOptions.parse(options + " " + QUICK), feedback, () -> false).run();
    }

    /** Arrays held by the cached NiT (weights and constants); a finished request must leave none behind. */
    static int nitArrays() throws Exception {
        return PipelineCache.shared().run(SMOKE, () -> {
            throw new AssertionError("expected the cached pipeline");
        }, pipeline -> {
            try (NDManager probe = ((io.github.nitfiji.family.nit.NitStage) pipeline.stage()).network().newManager()) {
                return probe.getParentManager().getManagedArrays().size();
            }
        }, m -> { }, () -> false);
    }

    @Test
    void escapeStopsWithinAStepAndLeavesMemoryAsItWas() throws Exception {
        // loads and caches the model, and its RoPE table for this size (a bounded per-size cache)
        generate("prompt=goldfish width=256 height=256 images=1 steps=1", new Recording());
        int before = nitArrays();
        Recording feedback = new Recording();
        GenerateJob job = new GenerateJob(GenerateOptions.parse("prompt=goldfish width=256 height=256 images=2 "
                + "steps=500 " + QUICK), feedback, () -> feedback.lastStep.get() >= 2);
        assertThrows(CancellationException.class, job::run);
        assertTrue(feedback.lastStep.get() <= 3, "stopped at step " + feedback.lastStep.get());
        assertEquals("NiT: cancelled, no image was made", feedback.statuses.get(feedback.statuses.size() - 1),
                "the status line says so");
        assertEquals(List.of("cancelled, no image was made"), feedback.notes, "and the Log");
        assertEquals(before, nitArrays(), "no arrays of the cancelled request are left");
        assertEquals(SMOKE, PipelineCache.shared().cached(), "the model stays loaded for the next run");
    }

    @Test
    void aSecondRequestWaitsItsTurn() throws Exception {
        CountDownLatch firstSampling = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Recording first = new Recording();
        first.hook = s -> {
            if (s.contains("step 1/")) {
                firstSampling.countDown();
                await(releaseFirst);
            }
        };
        Recording second = new Recording();
        CountDownLatch secondWaiting = new CountDownLatch(1);
        second.hook = s -> {
            if (s.contains("waiting for the running NiT generation")) {
                secondWaiting.countDown();
            }
        };
        AtomicReference<Object> firstResult = new AtomicReference<>();
        AtomicReference<Object> secondResult = new AtomicReference<>();
        Thread a = new Thread(() -> firstResult.set(outcome("prompt=goldfish width=64 height=64 steps=3", first)));
        a.start();
        assertTrue(firstSampling.await(60, TimeUnit.SECONDS));
        Thread b = new Thread(() -> secondResult.set(outcome("prompt=goldfish width=64 height=64 steps=3", second)));
        b.start();
        assertTrue(secondWaiting.await(30, TimeUnit.SECONDS), "the second request says it waits");
        assertTrue(second.statuses.stream().noneMatch(s -> s.contains("step ")), "and does not sample yet");
        releaseFirst.countDown();
        a.join(60_000);
        b.join(60_000);
        assertTrue(firstResult.get() instanceof ImagePlus, String.valueOf(firstResult.get()));
        assertTrue(secondResult.get() instanceof ImagePlus, String.valueOf(secondResult.get()));
    }

    private static Object outcome(String options, JobFeedback feedback) {
        try {
            return generate(options, feedback).image;
        } catch (Exception e) {
            return e;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theOutcomeRecordsTheSeedAndModelThatRan() throws Exception {
        GenerateJob.Outcome o = generate("prompt=n01443537 width=40 height=36 images=2 seed=-1 steps=2", new Recording());
        long seed = Long.parseLong(o.options.text("seed"));
        assertTrue(seed >= 0);
        assertEquals("smoke-test", o.options.text("model"));
        ImagePlus imp = o.image;
        assertEquals("NiT goldfish 40x36", imp.getTitle());
        assertEquals(2, imp.getStackSize());
        assertEquals("goldfish | seed " + (seed + 1), imp.getStack().getSliceLabel(2));
        assertEquals(o.options.macroCall(), imp.getProp("nit.command"));
        assertEquals("n01443537", imp.getProp("nit.prompt"));
    }

    @Test
    void tooLargeForTheJavaHeapIsRefusedBeforeLoading() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenerateJob.checkHeap(
                GenerateOptions.parse("width=8192 height=8192 images=256 output=32-bit").toSpec(), 1));
        assertTrue(e.getMessage().contains("Edit > Options > Memory & Threads"), e.getMessage());
    }
}
