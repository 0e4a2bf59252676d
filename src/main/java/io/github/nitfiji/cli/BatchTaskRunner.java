package io.github.nitfiji.cli;

import io.github.nitfiji.ActiveFrontDoor;
import io.github.nitfiji.batch.BatchTask;
import io.github.nitfiji.batch.JobSettings;
import io.github.nitfiji.batch.TaskResult;
import io.github.nitfiji.batch.TaskRunner;
import io.github.nitfiji.catalog.ModelException;
import io.github.nitfiji.pipeline.GeneratedImage;
import io.github.nitfiji.pipeline.GenerationListener;
import io.github.nitfiji.pipeline.GenerationOutcome;
import io.github.nitfiji.pipeline.GenerationService;
import io.github.nitfiji.pipeline.GenerationSpec;
import io.github.nitfiji.pipeline.PreparedGeneration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates batch tasks through the one generation service, one image per call: an image then
 * depends only on its own settings and seed (and the device kind and thread count), not on which
 * other tasks share its shard, partition or machine. The pipeline loads on the first task and
 * stays loaded for the runner's life (one per executor JVM in the Spark job).
 *
 * <p>Job entries use the macro keys of "NiT Generate..." ({@link JobSettings}).
 */
public final class BatchTaskRunner implements TaskRunner, AutoCloseable {
    private final String device;
    private final GenerationListener listener;
    private GenerationService service;

    /**
     * @param device the device for tasks that name none (null: auto), e.g. the GPU Spark assigned
     * @param messages where notes and status lines go (each distinct note once)
     */
    public BatchTaskRunner(String device, java.util.function.Consumer<String> messages) {
        this.device = device;
        this.listener = new BatchListener(messages);
        ActiveFrontDoor.set(CommandLineDoor.INSTANCE); // also for Spark's executors, which start here
    }

    @Override
    public List<String> requestKeys() {
        return JobSettings.KEYS;
    }

    @Override
    public void validate(Map<String, String> settings) {
        try {
            service().prepare(spec(settings));
        } catch (ModelException | IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized TaskResult run(BatchTask task, Path file) throws Exception {
        GenerationService s = service();
        PreparedGeneration prepared = s.prepare(spec(task.settings()));
        GenerationOutcome outcome = s.run(prepared, () -> Thread.currentThread().isInterrupted());
        GeneratedImage image = outcome.result().images.get(0);
        Map<String, String> provenance = new LinkedHashMap<>(outcome.provenance(0));
        int threads = Integer.parseInt(provenance.get("nit.threads"));
        provenance.put("nit.batch.task", task.id());
        ImageFiles.write(image, false, file, provenance);
        String samplerText = prepared.request().sampling().toString();
        return new TaskResult(image.classIndex, prepared.spec().model(), samplerText, outcome.device(), threads);
    }

    private GenerationSpec spec(Map<String, String> settings) {
        return JobSettings.spec(settings, device);
    }

    private synchronized GenerationService service() {
        if (service == null) {
            service = GenerationService.oneShot(listener,
                    s -> CommandLineFormat.generate(s, "{seed}.png", null, null, null));
        }
        return service;
    }

    @Override
    public synchronized void close() {
        if (service != null) {
            service.close();
            service = null;
        }
    }
}
