package io.github.nitfiji.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.TestFiles;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipelineCacheTest {
    static Pipeline load() throws java.io.IOException {
        return TestPipelines.nit(TestFiles.golden("nit_tiny.safetensors"), TestFiles.golden("dcae_tiny.safetensors"));
    }

    static final PipelineCache.Key A = new PipelineCache.Key("a", Device.cpu(), DataType.FLOAT32);
    static final PipelineCache.Key B = new PipelineCache.Key("b", Device.cpu(), DataType.FLOAT32);

    @Test
    void keepsOnePipelineAndReplacesItForAnotherKey() throws Exception {
        PipelineCache cache = new PipelineCache();
        int[] loads = {0};
        PipelineCache.Loader loader = () -> {
            loads[0]++;
            return load();
        };
        NDManager firstWeights = cache.run(A, loader, p -> ((io.github.nitfiji.family.nit.NitStage) p.stage()).network().newManager().getParentManager(), m -> { }, () -> false);
        cache.run(A, loader, p -> p, m -> { }, () -> false);
        assertEquals(1, loads[0], "the same key reuses the loaded pipeline");
        assertTrue(firstWeights.isOpen());
        cache.run(B, loader, p -> p, m -> { }, () -> false);
        assertEquals(2, loads[0]);
        assertFalse(firstWeights.isOpen(), "the old pipeline was closed before the new one loaded");
        assertEquals(B, cache.free(m -> { }, () -> false));
        assertNull(cache.cached());
        assertNull(cache.free(m -> { }, () -> false), "nothing left to free");
    }

    @Test
    void aWaitingRequestCanBeCancelled() throws Exception {
        PipelineCache cache = new PipelineCache();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            try {
                cache.run(A, () -> null, p -> {
                    holding.countDown();
                    return release.await(30, TimeUnit.SECONDS);
                }, m -> { }, () -> false);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        holder.start();
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        String[] told = {null};
        assertThrows(CancellationException.class, () -> cache.run(A, () -> null, p -> p, m -> told[0] = m, () -> true));
        assertEquals("waiting for the running NiT generation to finish", told[0]);
        release.countDown();
        holder.join();
    }
}
