package io.github.nitfiji.robustness;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.AttentionKind;
import io.github.nitfiji.TestFiles;
import io.github.nitfiji.pipeline.GenerationProgress;
import io.github.nitfiji.pipeline.GenerationRequest;
import io.github.nitfiji.pipeline.Pipeline;
import io.github.nitfiji.pipeline.TestPipelines;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.MemoryUse;
import io.github.nitfiji.sampling.SamplerKind;
import io.github.nitfiji.sampling.SamplerSettings;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 50 consecutive generations in one JVM keep native and heap memory flat, and a cancelled run
 * returns to the same level. Resident memory (VmRSS) covers the native tensors DJL allocates
 * outside the Java heap; it needs Linux's /proc, and elsewhere the test reports itself skipped
 * after the heap and cancel checks.
 */
class LeakTest {
    /** Allowed growth of the resident floor over 50 generations after warm-up (allocator noise). */
    private static final long RSS_BAND = 24L << 20;
    private static final long HEAP_BAND = 16L << 20;

    @Test
    void fiftyGenerationsAndACancelKeepMemoryFlat() throws Exception {
        try (Pipeline pipeline = TestPipelines.nit(TestFiles.golden("nit_tiny.safetensors"),
                TestFiles.golden("dcae_tiny.safetensors"), Device.cpu(), DataType.FLOAT32, AttentionKind.EAGER,
                Executor.SCRIPT, m -> fail(m))) {
            // the product's executor on this CPU: its module, IValues and weight list must not leak either
            assertTrue(pipeline.executorReport().startsWith("script"), pipeline.executorReport());
            SamplerSettings settings = new SamplerSettings(SamplerKind.SDE, 4, 2.0, 0, 0.7);
            for (int i = 0; i < 20; i++) {
                generate(pipeline, settings, i);
            }
            long heapBefore = settledHeap();
            long[] rss = new long[50];
            for (int i = 0; i < 50; i++) {
                generate(pipeline, settings, 100 + i);
                rss[i] = settledResident();
            }
            long heapAfter = settledHeap();
            // the allocator's spikes come and go; a leak raises the floor, so compare the lowest
            // resident size of the first and the last ten generations
            long rssBefore = java.util.Arrays.stream(rss, 0, 10).min().getAsLong();
            long rssAfter = java.util.Arrays.stream(rss, 40, 50).min().getAsLong();
            System.out.printf("leak check: resident floor %.1f -> %.1f MB (max %.1f), heap %.1f -> %.1f MB over 50 generations%n",
                    rssBefore / 1e6, rssAfter / 1e6, java.util.Arrays.stream(rss).max().getAsLong() / 1e6,
                    heapBefore / 1e6, heapAfter / 1e6);
            assertTrue(heapAfter - heapBefore < HEAP_BAND, "heap grew by " + (heapAfter - heapBefore) / 1e6 + " MB");

            AtomicInteger steps = new AtomicInteger();
            GenerationRequest request = GenerationRequest.builder().classes(1, 2).imageSize(96, 64)
                    .sampling(settings).seed(5L).build();
            assertThrows(CancellationException.class, () -> pipeline.generate(request, new GenerationProgress() {
                @Override
                public void sampling(int step, int total) {
                    steps.set(step);
                }
            }, () -> steps.get() >= 2));
            assertTrue(pipeline.executorReport().startsWith("script"), "no fallback: " + pipeline.executorReport());
            long rssCancelled = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                rssCancelled = Math.min(rssCancelled, settledResident());
            }
            System.out.printf("leak check: resident after cancel %.1f MB%n", rssCancelled / 1e6);
            assumeTrue(rssBefore >= 0, "heap and cancel are checked, native memory is not: the resident size (VmRSS,"
                    + " where DJL's tensors show) comes from Linux's /proc/self/status, which this system lacks");
            assertTrue(rssAfter - rssBefore < RSS_BAND, "resident memory grew by " + (rssAfter - rssBefore) / 1e6 + " MB");
            assertTrue(rssCancelled - rssAfter < RSS_BAND, "a cancelled run left " + (rssCancelled - rssAfter) / 1e6 + " MB");
        }
    }

    private static void generate(Pipeline pipeline, SamplerSettings settings, long seed) {
        GenerationRequest request = GenerationRequest.builder().classes(207, 88).imageSize(96, 64)
                .sampling(settings).seed(seed).build();
        assertEquals(2, pipeline.generate(request, GenerationProgress.NONE, () -> false).images.size());
    }

    private static long settledResident() throws InterruptedException {
        System.gc();
        Thread.sleep(100);
        return MemoryUse.residentBytes();
    }

    private static long settledHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
