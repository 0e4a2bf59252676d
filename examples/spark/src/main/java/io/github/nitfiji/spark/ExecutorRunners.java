package io.github.nitfiji.spark;

import io.github.nitfiji.batch.BatchPlan;
import io.github.nitfiji.batch.JobFile;
import io.github.nitfiji.cli.BatchTaskRunner;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One runner per executor JVM and device, created on first use: the pipeline (weights on the
 * device) then loads once per executor, not once per task or partition. Plans are cached by job
 * text for the same reason.
 */
final class ExecutorRunners {
    private static final Map<String, BatchTaskRunner> RUNNERS = new HashMap<>();
    private static final Map<String, BatchPlan> PLANS = new HashMap<>();

    private ExecutorRunners() {
    }

    /** The runner for a device ({@code null}: the job's own choice, auto by default). */
    static synchronized BatchTaskRunner runner(String device) {
        return RUNNERS.computeIfAbsent(String.valueOf(device), d -> new BatchTaskRunner(device, message -> System.err.println("nit: " + message)));
    }

    static synchronized BatchPlan plan(String jobText, String jobName) throws IOException {
        String key = jobName + "\n" + jobText;
        BatchPlan plan = PLANS.get(key);
        if (plan == null) {
            BatchTaskRunner runner = runner(null);
            plan = BatchPlan.of(JobFile.parse(jobText, jobName, runner.requestKeys()), runner);
            PLANS.put(key, plan);
        }
        return plan;
    }
}
