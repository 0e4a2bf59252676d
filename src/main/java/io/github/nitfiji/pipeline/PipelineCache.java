package io.github.nitfiji.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.github.nitfiji.runtime.Executor;
import io.github.nitfiji.runtime.Precision;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The one loaded pipeline a desktop session keeps between requests. Loading NiT-XL costs seconds
 * and gigabytes, so it stays loaded; a request for another model, device or precision closes the
 * old pipeline before loading the new one (two rarely fit on a GPU). Requests run one at a time,
 * in arrival order (a fair lock), because a pipeline is not thread-safe.
 */
public final class PipelineCache {
    private static final PipelineCache SHARED = new PipelineCache();
    private static final long POLL_MS = 100;

    private final ReentrantLock lock = new ReentrantLock(true);
    private volatile Key key;
    private volatile String executorReport;
    private Pipeline pipeline;

    /** A separate cache (tests); plugins use {@link #shared()}. */
    public PipelineCache() {
    }

    /** The cache of this JVM (Fiji's plugins share it). */
    public static PipelineCache shared() {
        return SHARED;
    }

    /** What a pipeline is loaded for. */
    public static final class Key {
        public final String model;
        public final Device device;
        public final DataType precision;
        public final Executor executor;

        public Key(String model, Device device, DataType precision) {
            this(model, device, precision, Executor.AUTO);
        }

        public Key(String model, Device device, DataType precision, Executor executor) {
            this.model = model;
            this.device = device;
            this.precision = precision;
            this.executor = executor;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return model.equals(k.model) && device.equals(k.device) && precision == k.precision
                    && executor == k.executor;
        }

        @Override
        public int hashCode() {
            return Objects.hash(model, device, precision, executor);
        }

        @Override
        public String toString() {
            return model + " on " + device + " (" + Precision.id(precision) + ", executor " + executor.id() + ")";
        }
    }

    /** Loads a pipeline (called with the lock held, after the previous pipeline was closed). */
    public interface Loader {
        Pipeline load() throws IOException;
    }

    /** Work done with the pipeline while holding it. */
    public interface Work<T> {
        T run(Pipeline pipeline) throws Exception;
    }

    /**
     * Runs {@code work} on the pipeline for {@code key}, loading it first when the cached one is
     * for another key (or none). When another request holds the pipeline, tells {@code waiting}
     * once and waits its turn, giving up with a {@link CancellationException} if {@code cancelled}.
     */
    public <T> T run(Key key, Loader loader, Work<T> work, Consumer<String> waiting, BooleanSupplier cancelled)
            throws Exception {
        acquire(waiting, cancelled);
        try {
            if (pipeline == null || !key.equals(this.key)) {
                closeCurrent();
                pipeline = loader.load();
                this.key = key;
            }
            try {
                return work.run(pipeline);
            } finally {
                // a run-time fallback shows after the run; the work may have freed the pipeline
                executorReport = pipeline == null ? null : pipeline.executorReport();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes the cached pipeline, after any running request, and returns what it was (null if
     * nothing was loaded).
     */
    public Key free(Consumer<String> waiting, BooleanSupplier cancelled) {
        acquire(waiting, cancelled);
        try {
            Key freed = key;
            closeCurrent();
            return freed;
        } finally {
            lock.unlock();
        }
    }

    /** The loaded pipeline's executor and why (see {@link Pipeline#executorReport()}), or null. */
    public String cachedExecutor() {
        return key == null ? null : executorReport;
    }

    /** What is loaded now, or null (no locking: for status lines). */
    public Key cached() {
        return key;
    }

    private void acquire(Consumer<String> waiting, BooleanSupplier cancelled) {
        try {
            // tryLock(time) honours the queue of a fair lock; plain tryLock() would barge
            if (lock.tryLock(0, TimeUnit.MILLISECONDS)) {
                return;
            }
            waiting.accept("waiting for the running NiT generation to finish");
            while (!lock.tryLock(POLL_MS, TimeUnit.MILLISECONDS)) {
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("cancelled while waiting for another generation");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for another generation");
        }
    }

    private void closeCurrent() {
        Pipeline old = pipeline;
        pipeline = null;
        key = null;
        executorReport = null;
        if (old != null) {
            old.close();
        }
    }
}
